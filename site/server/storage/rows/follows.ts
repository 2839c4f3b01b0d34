/** The SQL of follows the same on both databases (see sqlite/follows.ts). */

/** Whether an account lives on another server (it has an actor id). Binds: the account. */
export const IS_REMOTE = "SELECT 1 FROM accounts WHERE id = ? AND actor_uri IS NOT NULL";
/** Binds: follower, followee. */
export const IS_FOLLOWING = "SELECT 1 FROM follows WHERE follower_id = ? AND followee_id = ?";
/** Binds: follower, followee. */
export const IS_REQUESTED = "SELECT 1 FROM follow_requests WHERE follower_id = ? AND followee_id = ?";
/** Binds: follower, followee. */
export const DELETE_REQUEST = "DELETE FROM follow_requests WHERE follower_id = ? AND followee_id = ?";
/** Binds: follower, followee, time. */
export const INSERT_FOLLOW = "INSERT INTO follows (follower_id, followee_id, created_at) VALUES (?, ?, ?)";
/** Binds: follower, followee. */
export const DELETE_FOLLOW = "DELETE FROM follows WHERE follower_id = ? AND followee_id = ?";
/** Binds: +1 or -1, the follower. */
export const ADD_FOLLOWING = "UPDATE accounts SET following_count = following_count + ? WHERE id = ?";
