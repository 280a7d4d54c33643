/** `callUser` found no contact to ring: the operator has no registration, or every contact failed its keep-alive. */
export class UserNotReachableError extends Error {
  constructor(
    readonly username: string,
    readonly reason: 'not-registered' | 'contacts-down',
  ) {
    super(reason === 'not-registered' ? `${username} has no registered SIP phone` : `every registered contact of ${username} is down`);
    this.name = 'UserNotReachableError';
  }
}
