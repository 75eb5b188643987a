using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Portico.Web.Data;
using Portico.Web.Features.Accounts;
using Portico.Web.Features.AuditLog;

namespace Portico.Web.Features.SecurityInfo;

/// <summary>A WebAuthn ceremony in progress: the options for the browser and the server's sealed state.</summary>
/// <remarks>Note: <c>&lt;</c> is escaped in the JSON, so it can sit in a script data block even with a name like <c>&lt;/script&gt;</c>.</remarks>
public sealed record PasskeyCeremony(string OptionsJson, string State)
{
    public string OptionsJson { get; } = OptionsJson.Replace("<", "\\u003c", StringComparison.Ordinal);
}

/// <summary>A registered passkey as Security info lists it.</summary>
public sealed record PasskeySummary(string Id, string? Name, DateTimeOffset CreatedAt);

/// <summary>
/// Passkeys through ASP.NET Core Identity's WebAuthn implementation (<see cref="IPasskeyHandler{TUser}"/>): register
/// one in Security info; sign in with one (no password; it completes MFA on its own).
/// </summary>
/// <remarks>
/// Identity keeps the ceremony state in an authentication cookie when used through SignInManager; Portico's sessions
/// are its own, so the state travels in the form, sealed with Data Protection and bound to the account (registration)
/// — a state from another ceremony or account fails to unprotect or to match.
/// </remarks>
public sealed partial class PasskeyService(
    AppDbContext db,
    UserManager<Account> userManager,
    IPasskeyHandler<Account> handler,
    IDataProtectionProvider dataProtection,
    AuditTrail audit,
    AccountEmails emails,
    ILogger<PasskeyService> logger)
{
    private readonly IDataProtector attestationProtector = dataProtection.CreateProtector("Portico.Passkey.Attestation.v1");
    private readonly IDataProtector assertionProtector = dataProtection.CreateProtector("Portico.Passkey.Assertion.v1");

    public async Task<IReadOnlyList<PasskeySummary>> ListAsync(Guid accountId, CancellationToken cancellationToken)
    {
        var account = await db.Users.SingleAsync(a => a.Id == accountId, cancellationToken);
        return (await userManager.GetPasskeysAsync(account))
            .OrderBy(p => p.CreatedAt)
            .Select(p => new PasskeySummary(WebEncoders.Base64UrlEncode(p.CredentialId), p.Name, p.CreatedAt))
            .ToList();
    }

    public async Task<PasskeyCeremony> BeginRegistrationAsync(Guid accountId, HttpContext http, CancellationToken cancellationToken)
    {
        var account = await db.Users.SingleAsync(a => a.Id == accountId, cancellationToken);
        var result = await handler.MakeCreationOptionsAsync(
            new PasskeyUserEntity { Id = account.Id.ToString(), Name = account.Email ?? account.DisplayName, DisplayName = account.DisplayName }, http);
        return new PasskeyCeremony(result.CreationOptionsJson, attestationProtector.Protect(account.Id + "|" + result.AttestationState));
    }

    /// <summary>Verifies the browser's new credential and stores it; false when it does not verify.</summary>
    public async Task<bool> CompleteRegistrationAsync(Guid accountId, string? credentialJson, string? state, HttpContext http, CancellationToken cancellationToken)
    {
        var attestationState = Unprotect(attestationProtector, state, accountId);
        if (attestationState is null || string.IsNullOrEmpty(credentialJson) || credentialJson.Length > 16 * 1024)
        {
            LogRefused(logger, "attestation", attestationState is null ? "state" : "no credential");
            return false;
        }

        var result = await handler.PerformAttestationAsync(new PasskeyAttestationContext { CredentialJson = credentialJson, AttestationState = attestationState, HttpContext = http });
        if (!result.Succeeded)
        {
            LogRefused(logger, "attestation", result.Failure?.Message);
            return false;
        }

        var account = await db.Users.SingleAsync(a => a.Id == accountId, cancellationToken);
        result.Passkey.Name = "Passkey " + result.Passkey.CreatedAt.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        account.TwoFactorEnabled = true;
        audit.Record(AuditEventType.PasskeyAdded, account.OrganizationId, account.Id);

        // Note: the user store saves the passkey, the MFA flag and the audit record above together.
        var saved = await userManager.AddOrUpdatePasskeyAsync(account, result.Passkey);
        if (!saved.Succeeded)
        {
            return false;
        }

        await emails.SendSecurityInfoChangedAsync(account, "Passkey.Added", cancellationToken);
        return true;
    }

    public async Task<SecurityInfoResult> RemoveAsync(Guid accountId, string id, CancellationToken cancellationToken)
    {
        var account = await db.Users.Include(a => a.Organization).SingleAsync(a => a.Id == accountId, cancellationToken);
        byte[] credentialId;
        try
        {
            credentialId = WebEncoders.Base64UrlDecode(id);
        }
        catch (FormatException)
        {
            return SecurityInfoResult.Fail(StatusCodes.Status404NotFound, Infrastructure.Api.ErrorCodes.NotFound);
        }

        var passkeys = await userManager.GetPasskeysAsync(account);
        if (!passkeys.Any(p => p.CredentialId.AsSpan().SequenceEqual(credentialId)))
        {
            return SecurityInfoResult.Fail(StatusCodes.Status404NotFound, Infrastructure.Api.ErrorCodes.NotFound);
        }

        var authenticator = await db.SecurityInfo.AnyAsync(s => s.AccountId == accountId && s.AuthenticatorKey != null, cancellationToken);
        var othersLeft = passkeys.Count > 1 || authenticator;
        if (!othersLeft && account.Organization?.MfaPolicy == Organizations.MfaPolicy.Everyone)
        {
            return SecurityInfoResult.Fail(StatusCodes.Status409Conflict, SecurityInfoErrors.LastMfaMethod);
        }

        account.TwoFactorEnabled = othersLeft;
        audit.Record(AuditEventType.PasskeyRemoved, account.OrganizationId, account.Id);
        await userManager.RemovePasskeyAsync(account, credentialId);
        await emails.SendSecurityInfoChangedAsync(account, "Passkey.Removed", cancellationToken);
        return SecurityInfoResult.Ok;
    }

    /// <summary>Options for signing in with a passkey (any of the browser's passkeys for this site).</summary>
    public async Task<PasskeyCeremony> BeginAssertionAsync(HttpContext http)
    {
        var result = await handler.MakeRequestOptionsAsync(null, http);
        return new PasskeyCeremony(result.RequestOptionsJson, assertionProtector.Protect(result.AssertionState ?? ""));
    }

    /// <summary>The account whose passkey signed the challenge, or null. Updates the passkey's signature counter.</summary>
    public async Task<Account?> VerifyAssertionAsync(string? credentialJson, string? state, HttpContext http)
    {
        string? assertionState;
        try
        {
            assertionState = state is { Length: > 0 and < 8192 } ? assertionProtector.Unprotect(state) : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            assertionState = null;
        }

        if (assertionState is null || string.IsNullOrEmpty(credentialJson) || credentialJson.Length > 16 * 1024)
        {
            return null;
        }

        var result = await handler.PerformAssertionAsync(new PasskeyAssertionContext { CredentialJson = credentialJson, AssertionState = assertionState, HttpContext = http });
        if (!result.Succeeded)
        {
            LogRefused(logger, "assertion", result.Failure?.Message);
            return null;
        }

        await userManager.AddOrUpdatePasskeyAsync(result.User, result.Passkey);
        return result.User;
    }

    private static string? Unprotect(IDataProtector protector, string? state, Guid accountId)
    {
        if (state is not { Length: > 0 and < 8192 })
        {
            return null;
        }

        try
        {
            var value = protector.Unprotect(state);
            var prefix = accountId + "|";
            return value.StartsWith(prefix, StringComparison.Ordinal) ? value[prefix.Length..] : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "A passkey {Ceremony} was refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string ceremony, string? reason);
}
