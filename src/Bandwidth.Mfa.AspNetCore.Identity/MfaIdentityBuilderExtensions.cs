using System;
using Bandwidth.Mfa.AspNetCore.Identity;
using Bandwidth.Mfa.AspNetCore.Identity.Internal;
using Microsoft.AspNetCore.Identity;

namespace Microsoft.Extensions.DependencyInjection
{
    /// <summary>Adds the Bandwidth MFA token providers to ASP.NET Core Identity.</summary>
    public static class MfaIdentityBuilderExtensions
    {
        /// <summary>
        /// Adds two token providers, <see cref="MfaTokenProviders.Sms"/> and <see cref="MfaTokenProviders.Voice"/>, for
        /// two-factor sign-in (<c>GenerateTwoFactorTokenAsync</c>, <c>TwoFactorSignInAsync</c>) and, by default, phone-number
        /// confirmation (<c>GenerateChangePhoneNumberTokenAsync</c>, <c>ChangePhoneNumberAsync</c>). They send and verify
        /// through the MFA client of <c>AddBandwidthMfa</c> (register it as well), use the request's abort token, and throw
        /// <see cref="MfaIdentityException"/> when the service is unavailable or the number is locked out. The user store
        /// must keep authentication tokens (the Entity Framework Core stores do).
        /// </summary>
        /// <example>
        /// <code>
        /// builder.Services.AddBandwidthMfa(builder.Configuration.GetSection("Bandwidth:Mfa"));
        /// builder.Services.AddDefaultIdentity&lt;IdentityUser&gt;().AddEntityFrameworkStores&lt;AppDb&gt;().AddBandwidthMfaTokenProviders();
        /// </code>
        /// </example>
        /// <param name="builder">The Identity builder.</param>
        /// <param name="configure">Changes the settings (a named client; which provider confirms phone numbers); null for the defaults.</param>
        /// <returns>The same builder.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
        public static IdentityBuilder AddBandwidthMfaTokenProviders(this IdentityBuilder builder, Action<MfaTokenProviderOptions>? configure = null)
        {
            if (builder == null)
            {
                throw new ArgumentNullException(nameof(builder));
            }

            var options = builder.Services.AddOptions<MfaTokenProviderOptions>();
            if (configure != null)
            {
                options.Configure(configure);
            }

            builder.Services.AddHttpContextAccessor();
            builder.AddTokenProvider(MfaTokenProviders.Sms, typeof(MfaSmsTokenProvider<>).MakeGenericType(builder.UserType));
            builder.AddTokenProvider(MfaTokenProviders.Voice, typeof(MfaVoiceTokenProvider<>).MakeGenericType(builder.UserType));
            builder.Services.AddOptions<IdentityOptions>().Configure<Microsoft.Extensions.Options.IOptions<MfaTokenProviderOptions>>((identity, mfa) =>
            {
                if (mfa.Value.ChangePhoneNumberProvider != null)
                {
                    identity.Tokens.ChangePhoneNumberTokenProvider = mfa.Value.ChangePhoneNumberProvider;
                }
            });
            return builder;
        }
    }
}
