using Bandwidth.Mfa.AspNetCore.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Bandwidth.Mfa.IdentitySample.Pages;

/// <summary>Adds and confirms a phone number with Identity's own calls.</summary>
[Authorize]
public sealed class PhoneModel(UserManager<IdentityUser> users, SignInManager<IdentityUser> signIn) : PageModel
{
    [BindProperty] public string? Number { get; set; }
    [BindProperty] public string? Code { get; set; }
    public string? Current { get; private set; }
    public bool Confirmed { get; private set; }
    public string? Message { get; private set; }
    public bool Ok { get; private set; }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task OnPostSendAsync()
    {
        var user = await users.GetUserAsync(User) ?? throw new InvalidOperationException("Signed-in user not found.");
        try
        {
            await users.GenerateChangePhoneNumberTokenAsync(user, Number ?? string.Empty);
            (Message, Ok) = ("We texted a code to the new number.", true);
        }
        catch (Exception e) when (e is MfaIdentityException or InvalidOperationException)
        {
            Message = e.Message;
        }

        await LoadAsync();
    }

    public async Task OnPostConfirmAsync()
    {
        var user = await users.GetUserAsync(User) ?? throw new InvalidOperationException("Signed-in user not found.");
        try
        {
            var result = await users.ChangePhoneNumberAsync(user, Number ?? string.Empty, Code ?? string.Empty);
            if (result.Succeeded)
            {
                await signIn.RefreshSignInAsync(user); // the stamp rotated
                (Message, Ok) = ("Phone number confirmed.", true);
            }
            else
            {
                Message = "Wrong code.";
            }
        }
        catch (MfaIdentityException e)
        {
            Message = e.Message;
        }

        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var user = await users.GetUserAsync(User);
        Current = user?.PhoneNumber;
        Confirmed = user?.PhoneNumberConfirmed ?? false;
    }
}
