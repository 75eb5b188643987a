namespace Portico.Web.Authorization;

/// <summary>Relationship roles a customer can delegate to a provider (SPEC §7, modelled on GDAP).</summary>
public static class DelegableRoles
{
    public const string DirectoryReader = "DirectoryReader";
    public const string UserAdministrator = "UserAdministrator";
    public const string HelpdeskAdministrator = "HelpdeskAdministrator";
    public const string PrivilegedAuthenticationAdministrator = "PrivilegedAuthenticationAdministrator";
    public const string PrivilegedRoleAdministrator = "PrivilegedRoleAdministrator";
    public const string GlobalAdministrator = "GlobalAdministrator";
    public const string BillingReader = "BillingReader";

    public static readonly IReadOnlyList<string> All =
    [
        DirectoryReader, UserAdministrator, HelpdeskAdministrator, PrivilegedAuthenticationAdministrator,
        PrivilegedRoleAdministrator, GlobalAdministrator, BillingReader,
    ];

    public static bool IsDelegable(string role) => All.Contains(role, StringComparer.Ordinal);
}
