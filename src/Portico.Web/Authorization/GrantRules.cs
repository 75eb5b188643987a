namespace Portico.Web.Authorization;

/// <summary>A role held or requested: org-wide (<see cref="LocationId"/> null) or for one location.</summary>
public sealed record RoleGrant(string Role, Guid? LocationId = null)
{
    /// <summary>The claim form used in sessions: <c>Role</c> or <c>Role@location</c>.</summary>
    public override string ToString() => LocationId is { } l ? $"{Role}@{l}" : Role;

    public static RoleGrant Parse(string claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var at = claim.IndexOf('@', StringComparison.Ordinal);
        return at < 0 ? new RoleGrant(claim) : new RoleGrant(claim[..at], Guid.Parse(claim[(at + 1)..]));
    }
}

/// <summary>Stable codes for refused role changes (also <c>Error.&lt;code&gt;</c> resources).</summary>
public static class GrantErrors
{
    public const string UnknownRole = "unknown_role";
    public const string NotGrantable = "role_not_grantable";
    public const string NotLocationScopable = "role_not_location_scopable";
    public const string UnknownLocation = "unknown_location";
    public const string SelfDemotion = "self_demotion";
    public const string LastGlobalAdmin = "last_global_admin";
    public const string LastOwner = "last_owner";
}

/// <summary>
/// Who may grant which role (SPEC §3), as a pure function over the catalog.
/// </summary>
/// <remarks>
/// Blocks privilege escalation: an actor may add or remove only roles that one of their own roles grants
/// (<see cref="RoleDefinition.Grants"/>), never change their own roles downward, and never remove the last
/// <c>GlobalAdmin</c> or the last <c>Owner</c> of an organization.
/// </remarks>
public static class GrantRules
{
    /// <summary>
    /// The roles an actor holding <paramref name="actorRoles"/> may grant or revoke. Relationship roles
    /// (<see cref="DelegableRoles"/>) held through a delegated-admin relationship grant what the catalog says they grant.
    /// </summary>
    public static IReadOnlySet<string> GrantableBy(IEnumerable<string> actorRoles)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var held in actorRoles)
        {
            var role = RoleGrant.Parse(held).Role;

            // Note: a location-scoped role never grants anything; grants are an org-wide power.
            if (held.Contains('@', StringComparison.Ordinal))
            {
                continue;
            }

            if (AccessCatalog.RoleById.TryGetValue(role, out var definition))
            {
                result.UnionWith(definition.Grants);
            }
            else if (AccessCatalog.DelegableRoleById.TryGetValue(role, out var delegable))
            {
                // Note: a provider's agent acting through a relationship grants what its relationship roles grant.
                result.UnionWith(delegable.Grants);
            }
        }

        return result;
    }

    /// <summary>
    /// Checks a change of the target's roles from <paramref name="current"/> to <paramref name="requested"/>.
    /// Returns the first rule broken, or null when the change is allowed.
    /// </summary>
    /// <param name="remainingGlobalAdmins">Other accounts in the org holding GlobalAdmin (excluding the target).</param>
    /// <param name="remainingOwners">Other accounts in the org holding Owner (excluding the target).</param>
    public static string? Check(
        IReadOnlyCollection<string> actorRoles,
        bool actorIsTarget,
        IReadOnlyCollection<RoleGrant> current,
        IReadOnlyCollection<RoleGrant> requested,
        IReadOnlySet<Guid> organizationLocations,
        int remainingGlobalAdmins,
        int remainingOwners)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(requested);
        ArgumentNullException.ThrowIfNull(organizationLocations);

        foreach (var grant in requested)
        {
            if (!AccessCatalog.RoleById.TryGetValue(grant.Role, out var definition))
            {
                return GrantErrors.UnknownRole;
            }

            if (grant.LocationId is { } location)
            {
                if (!definition.LocationScopable)
                {
                    return GrantErrors.NotLocationScopable;
                }

                if (!organizationLocations.Contains(location))
                {
                    return GrantErrors.UnknownLocation;
                }
            }
        }

        var added = requested.Except(current).ToList();
        var removed = current.Except(requested).ToList();
        if (actorIsTarget && removed.Count > 0)
        {
            return GrantErrors.SelfDemotion;
        }

        var grantable = GrantableBy(actorRoles);
        if (added.Concat(removed).Any(g => !grantable.Contains(g.Role)))
        {
            return GrantErrors.NotGrantable;
        }

        if (removed.Any(g => g.Role == Roles.GlobalAdmin && g.LocationId is null)
            && !requested.Any(g => g.Role == Roles.GlobalAdmin && g.LocationId is null)
            && remainingGlobalAdmins == 0)
        {
            return GrantErrors.LastGlobalAdmin;
        }

        if (removed.Any(g => g.Role == Roles.Owner)
            && !requested.Any(g => g.Role == Roles.Owner)
            && remainingOwners == 0)
        {
            return GrantErrors.LastOwner;
        }

        return null;
    }
}
