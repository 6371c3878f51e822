using System;

namespace Bandwidth.Mfa
{
    /// <summary>
    /// A request broke a rule of the spec and was not sent. <see cref="ArgumentException.ParamName"/> and
    /// <see cref="Field"/> name the field as it is spelled on the wire; <see cref="Rule"/> says which rule it broke.
    /// The message never repeats the value of a code.
    /// </summary>
    public sealed class MfaRequestValidationException : ArgumentException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="field">The wire name of the field, such as <c>digits</c> or <c>accountId</c>.</param>
        /// <param name="rule">The rule, such as <c>between 4 and 8</c>.</param>
        public MfaRequestValidationException(string field, string rule)
            : base("Invalid MFA request: '" + field + "' " + rule + ". Nothing was sent.", field)
        {
            Field = field;
            Rule = rule;
        }

        /// <summary>The wire name of the field.</summary>
        public string Field { get; }

        /// <summary>The rule that the value broke.</summary>
        public string Rule { get; }
    }
}
