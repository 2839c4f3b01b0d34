/**
 * The copy will not go ahead (or was rolled back): the source or the target is not what it must
 * be. Its message is one sentence for the person running `npm run db:copy`, saying what to do.
 */
export class CopyRefused extends Error {
  override readonly name = "CopyRefused";
}
