using Microsoft.EntityFrameworkCore;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Infrastructure;
using Portico.Web.Infrastructure.Api;

namespace Portico.Web.Features.Access;

public static class ExplainApi
{
    public static IEndpointRouteBuilder MapExplainApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/access/explain", ExplainAsync)
            .RequireAuthorization()
            .WithName("ExplainAccess")
            .WithSummary("Why a capability is open or closed: each check, the roles that would open it and who can grant them. " +
                "Ask about yourself, or (user admins of that organization and operator staff) about another account.");
        return api;
    }

    internal static async Task<IResult> ExplainAsync(
        string? capability, Guid? orgId, Guid? accountId, HttpContext http, AppDbContext db, AccessExplainer explainer,
        Relationships.DelegatedAccessResolver delegations, CancellationToken cancellationToken)
    {
        var validate = Validate.For(http)
            .Text("capability", capability, 64)
            .Check(capability is null || AccessCatalog.IsCapability(capability), "capability", FieldCodes.InvalidValue);
        if (!validate.IsValid)
        {
            return validate.ToProblem();
        }

        var self = http.User.AccountId()!.Value;
        var subjectId = accountId ?? self;
        Guid? organizationId;
        AccessDecision? decision;
        if (subjectId == self)
        {
            organizationId = orgId ?? http.User.OrganizationId();
            var facts = organizationId is { } id ? await CapabilityHandler.LoadFactsAsync(db, id, cancellationToken) : null;
            var subject = CapabilityHandler.Subject(http.User);
            decision = AccessEvaluator.Evaluate(capability!, subject, facts);
            if (!decision.Allowed && orgId is { } other && other != http.User.OrganizationId())
            {
                decision = await CapabilityHandler.DelegatedOrAsync(decision, [capability!], subject, facts, other, delegations, http.User, cancellationToken);
            }
        }
        else
        {
            // Note: only the account itself, the user admins of its organization and operator staff may ask about an
            // account; anyone else gets the same 404 as for an id that does not exist.
            var target = await db.Users.AsNoTracking().Where(a => a.Id == subjectId).Select(a => new { a.OrganizationId }).SingleOrDefaultAsync(cancellationToken);
            var isStaff = http.User.FindAll(PorticoClaims.OperatorRole).Any(c => c.Value is OperatorRoles.SupportAgent or OperatorRoles.OperatorAdmin);
            var isUserAdminThere = target?.OrganizationId is { } targetOrg && targetOrg == http.User.OrganizationId()
                && AccessEvaluator.Evaluate(Capabilities.Users, CapabilityHandler.Subject(http.User), await CapabilityHandler.LoadFactsAsync(db, targetOrg, cancellationToken)).Allowed;
            if (target is null || !(isStaff || isUserAdminThere))
            {
                return new ApiProblem(StatusCodes.Status404NotFound, ErrorCodes.NotFound);
            }

            organizationId = orgId ?? target.OrganizationId;
            decision = await explainer.EvaluateForAccountAsync(capability!, subjectId, organizationId, cancellationToken);
        }

        // Note: for a delegated decision the people named are the ones who assign relationship roles in the agent's
        // own (provider) organization; nobody in the customer organization is named to a provider.
        return CapabilityHandler.IsDelegated(decision!)
            ? TypedResults.Ok(await explainer.ExplainAsync(decision!, organizationId, cancellationToken, http.User.OrganizationId()))
            : TypedResults.Ok(await explainer.ExplainAsync(decision!, organizationId, cancellationToken));
    }
}
