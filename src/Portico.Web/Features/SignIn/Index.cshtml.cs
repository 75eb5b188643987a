using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Portico.Web.Infrastructure.Passwords;
using Portico.Web.Features.Sessions;
using Portico.Web.Infrastructure.RateLimiting;

namespace Portico.Web.Features.SignIn;

[EnableRateLimiting(RateLimitPolicies.PublicForm)]
public sealed class IndexModel(SignInService signIn, IDataProtectionProvider dataProtection, SecurityInfo.PasskeyService passkeys) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool Failed { get; private set; }

    /// <summary>The WebAuthn request for "Sign in with a passkey" (used by the page's script).</summary>
    public SecurityInfo.PasskeyCeremony? Passkey { get; private set; }

    public bool PasskeyFailed { get; private set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Validation.required")]
        [EmailAddress(ErrorMessage = "Validation.invalid_email")]
        [StringLength(Accounts.Account.EmailMaxLength, ErrorMessage = "Validation.too_long_field")]
        [RegularExpression(NoControlCharacters, ErrorMessage = "Validation.invalid_characters")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Validation.required")]
        [PasswordLength]
        [RegularExpression(NoControlCharacters, ErrorMessage = "Validation.invalid_characters")]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";

        // Note: the same rule as the API's guard clauses (Validate), so the form never signs in or audits what the API refuses.
        private const string NoControlCharacters = @"^\P{Cc}*$";
    }

    public async Task<IActionResult> OnGetAsync(string? email)
    {
        Passkey = await passkeys.BeginAssertionAsync(HttpContext);
        if (!string.IsNullOrEmpty(email) && email.Length <= Accounts.Account.EmailMaxLength)
        {
            Input.Email = email;
        }

        if (User.Identity?.IsAuthenticated == true)
        {
            return LocalRedirect(SafeReturnUrl(ReturnUrl));
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Passkey = await passkeys.BeginAssertionAsync(HttpContext);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var outcome = await signIn.SignInAsync(Input.Email, Input.Password, kind: null, SessionClient.Web, HttpContext, cancellationToken);
        switch (outcome)
        {
            case SignInOutcome.Succeeded s:
                return SignedIn(HttpContext, s, ReturnUrl);
            case SignInOutcome.SelectionRequired s:
                var ticket = SelectionTicket.Protect(dataProtection, s.Accounts.Select(a => a.AccountId));
                TempData["SelectionTicket"] = ticket;
                return RedirectToPage("/SignIn/ChooseAccount", new { returnUrl = ReturnUrl });
            default:
                Failed = true;
                Input.Password = "";
                return Page();
        }
    }

    /// <summary>Signs in with a passkey the browser just used (the form the page's script submits).</summary>
    public async Task<IActionResult> OnPostPasskeyAsync(string? credential, string? state, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var account = await passkeys.VerifyAssertionAsync(credential, state, HttpContext);
        if (account is not null && await signIn.CompletePasskeyAsync(account, SessionClient.Web, HttpContext, cancellationToken) is SignInOutcome.Succeeded s)
        {
            return SignedIn(HttpContext, s, ReturnUrl);
        }

        PasskeyFailed = true;
        Passkey = await passkeys.BeginAssertionAsync(HttpContext);
        return Page();
    }

    /// <summary>Sets the session cookie and continues to where the user was going (a temporary password first).</summary>
    public static IActionResult SignedIn(HttpContext http, SignInOutcome.Succeeded outcome, string? returnUrl)
    {
        http.Response.Cookies.Append(PorticoSessionOptions.CookieName, outcome.Token, new CookieOptions
        {
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            IsEssential = true,
            Path = "/",
        });
        var target = SafeReturnUrl(returnUrl);
        if (outcome.MfaRequired)
        {
            return new RedirectResult("/SignIn/Mfa?returnUrl=" + Uri.EscapeDataString(target));
        }

        if (outcome.Account.MustChangePassword)
        {
            return new RedirectResult("/Profile/ChangePassword?returnUrl=" + Uri.EscapeDataString(target));
        }

        return new LocalRedirectResult(target);
    }

    /// <summary>Only local return URLs are followed (no open redirect).</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        Shared.CultureEndpoint.IsLocal(returnUrl) && !returnUrl!.StartsWith("/SignIn", StringComparison.OrdinalIgnoreCase) ? returnUrl : "/";
}
