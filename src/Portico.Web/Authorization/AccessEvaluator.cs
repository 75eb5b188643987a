using Portico.Web.Features.Accounts;

namespace Portico.Web.Authorization;

/// <summary>What the evaluator knows about the person asking and the organization asked about.</summary>
public sealed record AccessSubject(
    AccountKind? Kind,
    Guid? OrganizationId,
    IReadOnlyCollection<string> Roles,
    bool MfaCompleted);

/// <summary>
/// Access a provider's agent holds in a customer organization through active delegated-admin relationships: the
/// relationship roles assigned to the agent (each also granted by its relationship), and the relationships they come from.
/// </summary>
public sealed record DelegatedAccess(
    Guid ProviderOrganizationId,
    string ProviderOrganizationName,
    Guid CustomerOrganizationId,
    IReadOnlyList<DelegatedAccessRelationship> Relationships)
{
    public IReadOnlyCollection<string> Roles { get; } = Relationships.SelectMany(r => r.Roles).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The customer organization's display name (for audit details and the banner).</summary>
    public string CustomerOrganizationName { get; init; } = "";

    /// <summary>The relationships whose roles open <paramref name="capability"/> (for the audit record).</summary>
    public IReadOnlyList<DelegatedAccessRelationship> Opening(string capability) =>
        [.. Relationships.Where(r => AccessEvaluator.HoldsAny(r.Roles, AccessCatalog.DelegableRolesOpening[capability]))];
}

/// <param name="Roles">The agent's roles in this relationship (assignment ∩ relationship roles).</param>
public sealed record DelegatedAccessRelationship(Guid Id, string DisplayName, IReadOnlyList<string> Roles, DateTimeOffset EndsAt);

public sealed record OrganizationFacts(Guid Id, IReadOnlyCollection<string> Programs, bool Verified);

/// <summary>One step of a decision: which check, whether it passed, and the detail a person needs to act.</summary>
public sealed record AccessCheck(string Check, bool Passed, string? Detail = null);

public sealed record AccessDecision(
    string Capability,
    bool Allowed,
    IReadOnlyList<AccessCheck> Checks,
    IReadOnlyList<string> GrantingRoles);

/// <summary>Check ids in a decision tree.</summary>
public static class AccessChecks
{
    public const string SignedIn = "signed_in";
    public const string WorkAccount = "work_account";
    public const string Membership = "membership";
    public const string Role = "role";
    public const string ProgramEnrollment = "program_enrollment";
    public const string Verification = "verification";
    public const string Mfa = "mfa";
    public const string StaffAccount = "staff_account";

    /// <summary>An active delegated-admin relationship between the caller's organization (provider) and this one, assigned to the caller.</summary>
    public const string Relationship = "relationship";

    /// <summary>A relationship role that opens the capability (detail: the relationship roles that would).</summary>
    public const string RelationshipRole = "relationship_role";
}

/// <summary>
/// Evaluates one capability against the catalog. Pure and allocation-light, so it can run on every request; the
/// same result drives the policy handler, the explainer and every 403 body.
/// </summary>
public static class AccessEvaluator
{
    public static AccessDecision Evaluate(string capability, AccessSubject? subject, OrganizationFacts? organization)
    {
        if (!AccessCatalog.CapabilityById.TryGetValue(capability, out var definition))
        {
            throw new ArgumentException($"Unknown capability '{capability}'.", nameof(capability));
        }

        var granting = AccessCatalog.RolesOpening[capability];
        var checks = new List<AccessCheck>(6);
        var allowed = true;

        void Add(string check, bool passed, string? detail = null)
        {
            checks.Add(new AccessCheck(check, passed, detail));
            allowed &= passed;
        }

        Add(AccessChecks.SignedIn, subject is not null);
        if (subject is null)
        {
            return new AccessDecision(capability, false, checks, granting);
        }

        if (definition.Operator)
        {
            // Note: operator capabilities belong to the vendor's staff; no organization, program or verification applies.
            Add(AccessChecks.StaffAccount, subject.Kind == AccountKind.Staff, subject.Kind?.ToString());
            Add(AccessChecks.Role, HoldsAny(subject.Roles, granting), string.Join(',', granting));
            return new AccessDecision(capability, allowed, checks, granting);
        }

        Add(AccessChecks.WorkAccount, subject.Kind == AccountKind.Work, subject.Kind?.ToString());
        Add(AccessChecks.Membership, organization is not null && subject.OrganizationId == organization.Id);

        var role = definition.AnyMember
            ? subject.Kind == AccountKind.Work
            : HoldsAny(subject.Roles, granting);
        Add(AccessChecks.Role, role, definition.AnyMember ? null : string.Join(',', granting));

        if (definition.Program is { } program)
        {
            Add(AccessChecks.ProgramEnrollment, organization?.Programs.Contains(program) == true, program);
        }

        if (definition.RequiresVerification)
        {
            Add(AccessChecks.Verification, organization?.Verified == true);
        }

        if (definition.Sensitive)
        {
            Add(AccessChecks.Mfa, subject.MfaCompleted);
        }

        return new AccessDecision(capability, allowed, checks, granting);
    }

    /// <summary>
    /// Evaluates <paramref name="capability"/> in a customer organization for a provider's agent acting through a
    /// delegated-admin relationship (SPEC §7). Membership is replaced by the relationship; the role check uses the
    /// relationship roles; MFA is always required, because delegated administration is sensitive.
    /// </summary>
    /// <param name="delegation">The caller's delegated access in the organization, or null when there is none.</param>
    public static AccessDecision EvaluateDelegated(string capability, AccessSubject? subject, OrganizationFacts? organization, DelegatedAccess? delegation)
    {
        if (!AccessCatalog.CapabilityById.TryGetValue(capability, out var definition))
        {
            throw new ArgumentException($"Unknown capability '{capability}'.", nameof(capability));
        }

        var granting = AccessCatalog.DelegableRolesOpening[capability];
        var checks = new List<AccessCheck>(6);
        var allowed = true;

        void Add(string check, bool passed, string? detail = null)
        {
            checks.Add(new AccessCheck(check, passed, detail));
            allowed &= passed;
        }

        Add(AccessChecks.SignedIn, subject is not null);
        if (subject is null)
        {
            return new AccessDecision(capability, false, checks, granting);
        }

        Add(AccessChecks.WorkAccount, subject.Kind == AccountKind.Work, subject.Kind?.ToString());
        var related = delegation is not null && organization is not null && delegation.CustomerOrganizationId == organization.Id
            && delegation.ProviderOrganizationId == subject.OrganizationId;
        Add(AccessChecks.Relationship, related, related ? string.Join(", ", delegation!.Relationships.Select(r => r.DisplayName)) : null);
        Add(AccessChecks.RelationshipRole, related && !definition.Operator && HoldsAny(delegation!.Roles, granting), string.Join(',', granting));

        if (definition.Program is { } program)
        {
            Add(AccessChecks.ProgramEnrollment, organization?.Programs.Contains(program) == true, program);
        }

        if (definition.RequiresVerification)
        {
            Add(AccessChecks.Verification, organization?.Verified == true);
        }

        Add(AccessChecks.Mfa, subject.MfaCompleted);
        return new AccessDecision(capability, allowed, checks, granting);
    }

    /// <summary>True when <paramref name="held"/> contains one of <paramref name="granting"/> (org-wide or for a location).</summary>
    public static bool HoldsAny(IReadOnlyCollection<string> held, IReadOnlyList<string> granting)
    {
        foreach (var h in held)
        {
            var at = h.IndexOf('@', StringComparison.Ordinal);
            var role = at < 0 ? h.AsSpan() : h.AsSpan(0, at);
            foreach (var g in granting)
            {
                if (role.SequenceEqual(g))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
