using Bandwidth.Mfa.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bandwidth.Mfa.IdentitySample.Areas.Identity.Pages.Account;

/// <summary>Replaces the Identity UI's authenticator-app page: sends a code by SMS or voice, then signs in with it.</summary>
public sealed class LoginWith2faModel(SignInManager<IdentityUser> signIn) : PageModel
{
    [BindProperty] public string Provider { get; set; } = MfaTokenProviders.Sms;
    [BindProperty] public string? Code { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Message { get; private set; }
    public bool Ok { get; private set; }

    public async Task<IActionResult> OnGetAsync() => await signIn.GetTwoFactorAuthenticationUserAsync() == null ? RedirectToPage("./Login") : Page();

    public async Task<IActionResult> OnPostSendAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user == null)
        {
            return RedirectToPage("./Login");
        }

        try
        {
            await signIn.UserManager.GenerateTwoFactorTokenAsync(user, Provider);
            (Message, Ok) = (Provider == MfaTokenProviders.Voice ? "We are calling your phone." : "We texted a code to your phone.", true);
        }
        catch (MfaIdentityException e)
        {
            Message = e.Message;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostVerifyAsync()
    {
        try
        {
            var result = await signIn.TwoFactorSignInAsync(Provider, Code ?? string.Empty, isPersistent: false, rememberClient: false);
            if (result.Succeeded)
            {
                return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
            }

            Message = result.IsLockedOut ? "This account is locked; try again later." : "Wrong code.";
        }
        catch (MfaIdentityException e)
        {
            // Bandwidth's lockout says when to try again; an outage says so: Message is written for the user.
            Message = e.Message;
        }

        return Page();
    }
}
