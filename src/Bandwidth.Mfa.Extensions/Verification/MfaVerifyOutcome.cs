namespace Bandwidth.Mfa
{
    /// <summary>What a verification decided: the three answers a sign-in page has to tell apart.</summary>
    public enum MfaVerifyOutcome
    {
        /// <summary>The code is wrong, expired or for another scope (the service answered <c>{"valid": false}</c>).</summary>
        Invalid = 0,

        /// <summary>The code is right (the service answered <c>{"valid": true}</c>).</summary>
        Valid = 1,

        /// <summary>
        /// Too many wrong codes were tried for the number (the service answered 429): no code is checked until the
        /// service's cool-down has passed; <see cref="MfaVerifyResult.RetryAfter"/> says how long when the service said.
        /// </summary>
        LockedOut = 2,
    }
}
