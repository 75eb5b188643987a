using Portico.Web.Authorization;

namespace Portico.Web.Features.Users;

/// <summary>
/// The role picker shared by Add user and Edit user: every catalog role, grouped by area; roles the signed-in admin
/// may not grant are shown read-only, so nobody is offered a choice the server would refuse.
/// </summary>
public sealed record RolePicker(
    IReadOnlyList<RolePicker.Row> Rows,
    IReadOnlyList<(Guid Id, string Name)> Locations)
{
    public const string OrgWide = "org";

    /// <param name="Value">"" (not assigned), <see cref="OrgWide"/>, or a location id.</param>
    public sealed record Row(RoleDefinition Role, string Value, bool CanChange);

    public static RolePicker Build(IReadOnlyCollection<string> actorRoles, IReadOnlyCollection<RoleGrant> held, IReadOnlyList<(Guid Id, string Name)> locations)
    {
        var grantable = GrantRules.GrantableBy(actorRoles);
        var rows = AccessCatalog.RoleList
            .Select(role =>
            {
                var grant = held.FirstOrDefault(g => g.Role == role.Id);
                var value = grant is null ? "" : grant.LocationId?.ToString() ?? OrgWide;
                return new Row(role, value, grantable.Contains(role.Id));
            })
            .Where(r => r.CanChange || r.Value.Length > 0)
            .ToList();
        return new RolePicker(rows, locations);
    }

    /// <summary>Reads the posted picker (<c>Roles[RoleId]</c> = value) into grants; unknown values are dropped.</summary>
    public static List<RoleGrant> Read(IDictionary<string, string>? posted, IReadOnlyCollection<RoleGrant> held, IReadOnlySet<string> grantable)
    {
        var result = new List<RoleGrant>();
        foreach (var role in AccessCatalog.RoleList)
        {
            if (!grantable.Contains(role.Id))
            {
                // Note: roles the admin cannot change are kept as they are (disabled fields are not posted).
                result.AddRange(held.Where(g => g.Role == role.Id));
                continue;
            }

            var value = posted is not null && posted.TryGetValue(role.Id, out var v) ? v : "";
            if (value == OrgWide)
            {
                result.Add(new RoleGrant(role.Id));
            }
            else if (Guid.TryParse(value, out var location))
            {
                result.Add(new RoleGrant(role.Id, location));
            }
        }

        return result;
    }
}
