/** A count beside its icon; none at zero, as in every other app. The button's name says it in words. */
export const Count = ({ value }: { value: number }) => (
  <span class="count" aria-hidden="true">
    {value > 0 ? value : ""}
  </span>
);
