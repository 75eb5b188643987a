using System.Security.Claims;
using Portico.Web.Features.Accounts;

namespace Portico.Web.Infrastructure;

/// <summary>Claim types issued by the session handler and the accessors the app reads them with.</summary>
public static class PorticoClaims
{
    public const string AccountId = ClaimTypes.NameIdentifier;
    public const string SessionId = "portico:sid";
    public const string Kind = "portico:kind";
    public const string OrganizationId = "portico:org";
    public const string OrganizationName = "portico:org_name";
    public const string DisplayName = ClaimTypes.Name;
    public const string Email = ClaimTypes.Email;
    public const string Role = ClaimTypes.Role;
    public const string MfaCompleted = "portico:mfa";
    public const string MfaPending = "portico:mfa_pending";
    public const string MustChangePassword = "portico:must_change_password";
    public const string Culture = "portico:culture";
    public const string OperatorRole = "portico:operator_role";
}

/// <summary>Typed accessors for Portico's claims.</summary>
public static class ClaimsPrincipalExtensions
{
    public static Guid? AccountId(this ClaimsPrincipal user) =>
        Guid.TryParse(user?.FindFirstValue(PorticoClaims.AccountId), out var id) ? id : null;

    public static Guid? SessionId(this ClaimsPrincipal user) =>
        Guid.TryParse(user?.FindFirstValue(PorticoClaims.SessionId), out var id) ? id : null;

    public static Guid? OrganizationId(this ClaimsPrincipal user) =>
        Guid.TryParse(user?.FindFirstValue(PorticoClaims.OrganizationId), out var id) ? id : null;

    public static AccountKind? Kind(this ClaimsPrincipal user) =>
        Enum.TryParse<AccountKind>(user?.FindFirstValue(PorticoClaims.Kind), out var kind) ? kind : null;

    public static bool MustChangePassword(this ClaimsPrincipal user) =>
        user?.HasClaim(PorticoClaims.MustChangePassword, "true") == true;

    public static bool MfaPending(this ClaimsPrincipal user) =>
        user?.HasClaim(PorticoClaims.MfaPending, "true") == true;
}
