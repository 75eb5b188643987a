using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portico.Web.Data;
using Portico.Web.Features.SecurityInfo;
using Portico.Web.Infrastructure;
using Portico.Web.Infrastructure.RateLimiting;
using Portico.Web.Resources;

namespace Portico.Web.Features.SignIn;

/// <summary>
/// The second step of a sign-in that owes MFA: a code from the authenticator app (or a recovery code); or, when the
/// organization requires MFA and the account has no method yet, registering an authenticator app first.
/// </summary>
/// <remarks>
/// Only a session created by a correct password reaches this page with work to do; codes count toward smart lockout,
/// each authenticator code works once, and a session that already has a method can never register another here.
/// </remarks>
[EnableRateLimiting(RateLimitPolicies.PublicForm)]
public sealed class MfaModel(AppDbContext db, SecurityInfoService service, SecurityInfoQueries queries, PasskeyService passkeys, IStringLocalizer<SharedResource> t) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Validation.required")]
    [StringLength(32, ErrorMessage = "Validation.too_long_field")]
    public string Code { get; set; } = "";

    /// <summary>True when the account must register an authenticator app before continuing.</summary>
    public bool Registering { get; private set; }

    public AuthenticatorSetup? Setup { get; private set; }

    /// <summary>The WebAuthn request when the account has a passkey.</summary>
    public PasskeyCeremony? Passkey { get; private set; }

    /// <summary>Whether the account has an authenticator app or recovery codes (the code field).</summary>
    public bool HasCodeMethod { get; private set; } = true;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!User.MfaPending())
        {
            return Continue();
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!User.MfaPending())
        {
            return Continue();
        }

        var registered = await HasMethodAsync(cancellationToken);
        if (ModelState.IsValid)
        {
            var accountId = User.AccountId()!.Value;
            var sessionId = User.SessionId()!.Value;
            var result = registered
                ? await service.CompleteMfaAsync(accountId, sessionId, Code, cancellationToken)
                : await service.ConfirmAuthenticatorAsync(accountId, sessionId, Code, cancellationToken);
            if (result.Succeeded)
            {
                var mustChange = await db.Users.Where(a => a.Id == accountId).Select(a => a.MustChangePassword).SingleAsync(cancellationToken);
                var target = IndexModel.SafeReturnUrl(ReturnUrl);
                return mustChange ? Redirect("/Profile/ChangePassword?returnUrl=" + Uri.EscapeDataString(target)) : LocalRedirect(target);
            }

            ModelState.AddModelError(nameof(Code), t["Error." + result.Error]);
        }

        Code = "";
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostPasskeyAsync(string? credential, string? state, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        if (!User.MfaPending())
        {
            return Continue();
        }

        var signer = await passkeys.VerifyAssertionAsync(credential, state, HttpContext);
        var accountId = User.AccountId()!.Value;
        var result = await service.CompleteMfaWithPasskeyAsync(accountId, User.SessionId()!.Value, signer, cancellationToken);
        if (result.Succeeded)
        {
            var mustChange = await db.Users.Where(a => a.Id == accountId).Select(a => a.MustChangePassword).SingleAsync(cancellationToken);
            var target = IndexModel.SafeReturnUrl(ReturnUrl);
            return mustChange ? Redirect("/Profile/ChangePassword?returnUrl=" + Uri.EscapeDataString(target)) : LocalRedirect(target);
        }

        ModelState.AddModelError(string.Empty, t["Passkey.SignInFailed"]);
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Registering = !await HasMethodAsync(cancellationToken);
        if (!Registering)
        {
            var summary = await queries.GetAsync(User.AccountId()!.Value, cancellationToken);
            HasCodeMethod = summary.Authenticator || summary.RecoveryCodesLeft > 0;
            Passkey = summary.Passkeys > 0 ? await passkeys.BeginAssertionAsync(HttpContext) : null;
        }

        if (Registering)
        {
            var accountId = User.AccountId()!.Value;
            Setup = await service.PendingAuthenticatorAsync(accountId, cancellationToken);
            if (Setup is null)
            {
                Setup = await service.BeginAuthenticatorAsync(accountId, cancellationToken);
            }
        }
    }

    private Task<bool> HasMethodAsync(CancellationToken cancellationToken)
    {
        var accountId = User.AccountId();
        return db.Users.AnyAsync(a => a.Id == accountId && a.TwoFactorEnabled, cancellationToken);
    }

    private IActionResult Continue() =>
        User.Identity?.IsAuthenticated == true ? LocalRedirect(IndexModel.SafeReturnUrl(ReturnUrl)) : RedirectToPage("/SignIn/Index");
}
