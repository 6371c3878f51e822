using Bandwidth.Mfa.AspNetCore.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bandwidth.Mfa.IdentitySample.Pages;

/// <summary>Turns two-factor sign-in on once the phone is confirmed.</summary>
[Authorize]
public sealed class TwoFactorModel(UserManager<IdentityUser> users) : PageModel
{
    public bool Enabled { get; private set; }
    public string? Message { get; private set; }

    public async Task OnGetAsync() => Enabled = (await users.GetUserAsync(User))?.TwoFactorEnabled ?? false;

    public async Task OnPostAsync()
    {
        var user = await users.GetUserAsync(User) ?? throw new InvalidOperationException("Signed-in user not found.");
        if ((await users.GetValidTwoFactorProvidersAsync(user)).Contains(MfaTokenProviders.Sms))
        {
            await users.SetTwoFactorEnabledAsync(user, true);
        }
        else
        {
            Message = "Confirm a phone number first.";
        }

        Enabled = user.TwoFactorEnabled;
    }
}
