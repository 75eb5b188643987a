using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Portico.Web.Features.SecurityInfo;
using Portico.Web.Infrastructure;
using Portico.Web.Resources;

namespace Portico.Web.Features.Profile;

/// <summary>
/// Security info (SPEC §5): the methods that let the owner complete MFA and recover the account. Every change asks
/// for the password or a code first when the last confirmation is older than ten minutes.
/// </summary>
public sealed class SecurityInfoModel(SecurityInfoService service, SecurityInfoQueries queries, PasskeyService passkeys, IStringLocalizer<SharedResource> t) : PageModel
{
    /// <summary>The longest code accepted when re-authenticating (a TOTP code or a recovery code, with separators).</summary>
    public const int MaxCodeLength = 32;

    public SecurityInfoSummary Summary { get; private set; } = null!;

    public bool RecentlyAuthenticated { get; private set; }

    /// <summary>The authenticator being added, while it waits for its first code.</summary>
    public AuthenticatorSetup? Setup { get; private set; }

    /// <summary>Recovery codes just generated: shown once, in this response only.</summary>
    public IReadOnlyList<string>? NewRecoveryCodes { get; private set; }

    /// <summary>
    /// The page the user was opening when MFA was missing (the Access denied page links here with it): after an
    /// authenticator app is added, which completes MFA for this session, the user goes back there.
    /// </summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary><see cref="ReturnUrl"/> when it is a local page to go back to; otherwise null.</summary>
    public string? Back => Features.SignIn.IndexModel.SafeReturnUrl(ReturnUrl) is var back && back != "/" ? back : null;

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public string? Contact { get; set; }

    [BindProperty]
    public string? Kind { get; set; }

    public IReadOnlyList<PasskeySummary> Passkeys { get; private set; } = [];

    /// <summary>The WebAuthn creation request for "Add a passkey" (used by the page's script).</summary>
    public PasskeyCeremony? PasskeyRegistration { get; private set; }

    /// <summary>The alternate email or phone waiting for its code.</summary>
    public (string Kind, string Target)? PendingContact { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostReauthenticateAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(Password) && string.IsNullOrEmpty(Code))
        {
            ModelState.AddModelError(nameof(Password), t["Validation.required"]);
        }
        else if (Password is { Length: > Accounts.Account.PasswordMaxLength * 4 })
        {
            ModelState.AddModelError(nameof(Password), t["Validation.too_long", Accounts.Account.PasswordMaxLength]);
        }
        else if (Code is { Length: > MaxCodeLength })
        {
            ModelState.AddModelError(nameof(Password), t["Validation.too_long", MaxCodeLength]);
        }
        else
        {
            var result = await service.ReauthenticateAsync(User.AccountId()!.Value, User.SessionId()!.Value, Password, Code, cancellationToken);
            if (result.Succeeded)
            {
                return RedirectToPage(new { returnUrl = Back });
            }

            ModelState.AddModelError(string.IsNullOrEmpty(Password) ? nameof(Code) : nameof(Password), t["Error." + result.Error]);
        }

        Password = null;
        Code = null;
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAddAuthenticatorAsync(CancellationToken cancellationToken)
    {
        if (await NeedsReauthenticationAsync(cancellationToken) is { } refusal)
        {
            return refusal;
        }

        await service.BeginAuthenticatorAsync(User.AccountId()!.Value, cancellationToken);
        return RedirectToPage(new { returnUrl = Back });
    }

    public async Task<IActionResult> OnPostConfirmAuthenticatorAsync(CancellationToken cancellationToken)
    {
        if (await NeedsReauthenticationAsync(cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var result = await service.ConfirmAuthenticatorAsync(User.AccountId()!.Value, User.SessionId()!.Value, Code, cancellationToken);
        if (result.Succeeded)
        {
            if (Back is { } back)
            {
                TempData["Status"] = t["SecurityInfo.AuthenticatorAddedBack"].Value;
                return LocalRedirect(back);
            }

            TempData["Status"] = t["SecurityInfo.AuthenticatorAdded"].Value;
            return RedirectToPage();
        }

        ModelState.AddModelError(nameof(Code), t["Error." + result.Error]);
        Code = null;
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAuthenticatorAsync(CancellationToken cancellationToken)
    {
        if (await NeedsReauthenticationAsync(cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var result = await service.RemoveAuthenticatorAsync(User.AccountId()!.Value, cancellationToken);
        if (result.Succeeded)
        {
            TempData["Status"] = t["SecurityInfo.AuthenticatorRemoved"].Value;
            return RedirectToPage();
        }

        ModelState.AddModelError(string.Empty, t["Error." + result.Error]);
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRecoveryCodesAsync(CancellationToken cancellationToken)
    {
        if (await NeedsReauthenticationAsync(cancellationToken) is { } refusal)
        {
            return refusal;
        }

        // Note: rendered in this response only (not redirected through TempData), so the codes are shown once.
        NewRecoveryCodes = await service.GenerateRecoveryCodesAsync(User.AccountId()!.Value, cancellationToken);
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostStartContactAsync(CancellationToken cancellationToken)
    {
        var kind = Kind == SecurityInfoService.PhoneKind ? SecurityInfoService.PhoneKind : SecurityInfoService.EmailKind;
        string? target = null;
        if (kind == SecurityInfoService.PhoneKind)
        {
            target = SecurityInfoService.NormalizePhone(Contact);
            if (target is null)
            {
                ModelState.AddModelError(nameof(Contact), t["Validation.invalid_phone"]);
            }
        }
        else if (Contact is { Length: > 0 and <= Accounts.Account.EmailMaxLength } email && Infrastructure.Api.Validate.IsEmail(email.Trim())
            && !string.Equals(email.Trim(), User.FindFirst(PorticoClaims.Email)?.Value, StringComparison.OrdinalIgnoreCase))
        {
            target = email.Trim();
        }
        else
        {
            ModelState.AddModelError(nameof(Contact), t["Validation.invalid_email"]);
        }

        if (target is null)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }

        if (await NeedsReauthenticationAsync(cancellationToken) is { } refusal)
        {
            return refusal;
        }

        await service.StartContactVerificationAsync(User.AccountId()!.Value, kind, target, cancellationToken);
        TempData["Status"] = t[kind == SecurityInfoService.PhoneKind ? "SecurityInfo.CodeSentPhone" : "SecurityInfo.CodeSentEmail", target].Value;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostConfirmContactAsync(CancellationToken cancellationToken)
    {
        if (await NeedsReauthenticationAsync(cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var kind = Kind == SecurityInfoService.PhoneKind ? SecurityInfoService.PhoneKind : SecurityInfoService.EmailKind;
        var result = await service.ConfirmContactAsync(User.AccountId()!.Value, kind, Code, cancellationToken);
        if (result.Succeeded)
        {
            TempData["Status"] = t[kind == SecurityInfoService.PhoneKind ? "SecurityInfo.PhoneAdded" : "SecurityInfo.AlternateEmailAdded"].Value;
            return RedirectToPage();
        }

        ModelState.AddModelError(nameof(Code), t["Error." + result.Error]);
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveContactAsync(CancellationToken cancellationToken)
    {
        if (await NeedsReauthenticationAsync(cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var kind = Kind == SecurityInfoService.PhoneKind ? SecurityInfoService.PhoneKind : SecurityInfoService.EmailKind;
        var result = await service.RemoveContactAsync(User.AccountId()!.Value, kind, cancellationToken);
        if (!result.Succeeded)
        {
            ModelState.AddModelError(string.Empty, t["Error." + result.Error]);
            await LoadAsync(cancellationToken);
            return Page();
        }

        TempData["Status"] = t["SecurityInfo.Removed"].Value;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostAddPasskeyAsync(string? credential, string? state, CancellationToken cancellationToken)
    {
        if (await NeedsReauthenticationAsync(cancellationToken) is { } refusal)
        {
            return refusal;
        }

        if (await passkeys.CompleteRegistrationAsync(User.AccountId()!.Value, credential, state, HttpContext, cancellationToken))
        {
            TempData["Status"] = t["Passkey.Added"].Value;
            return RedirectToPage();
        }

        ModelState.AddModelError(string.Empty, t["Passkey.AddFailed"]);
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRemovePasskeyAsync(string? id, CancellationToken cancellationToken)
    {
        if (await NeedsReauthenticationAsync(cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var result = await passkeys.RemoveAsync(User.AccountId()!.Value, id ?? "", cancellationToken);
        if (!result.Succeeded)
        {
            ModelState.AddModelError(string.Empty, t["Error." + result.Error]);
            await LoadAsync(cancellationToken);
            return Page();
        }

        TempData["Status"] = t["SecurityInfo.Removed"].Value;
        return RedirectToPage();
    }

    private async Task<IActionResult?> NeedsReauthenticationAsync(CancellationToken cancellationToken)
    {
        if (await service.IsRecentlyAuthenticatedAsync(User.SessionId()!.Value, cancellationToken))
        {
            return null;
        }

        ModelState.AddModelError(string.Empty, t["Error." + SecurityInfoErrors.ReauthenticationRequired]);
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var accountId = User.AccountId()!.Value;
        Summary = await queries.GetAsync(accountId, cancellationToken);
        RecentlyAuthenticated = await service.IsRecentlyAuthenticatedAsync(User.SessionId()!.Value, cancellationToken);
        Setup = RecentlyAuthenticated ? await service.PendingAuthenticatorAsync(accountId, cancellationToken) : null;
        PendingContact = RecentlyAuthenticated ? await service.PendingContactAsync(accountId, cancellationToken) : null;
        Passkeys = await passkeys.ListAsync(accountId, cancellationToken);
        PasskeyRegistration = RecentlyAuthenticated ? await passkeys.BeginRegistrationAsync(accountId, HttpContext, cancellationToken) : null;
    }
}
