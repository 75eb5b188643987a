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
        string? capability, Guid? orgId, Guid? accountId, HttpContext http, AppDbContext db, AccessExplainer explainer, CancellationToken cancellationToken)
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
            decision = AccessEvaluator.Evaluate(capability!, CapabilityHandler.Subject(http.User), facts);
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

        return TypedResults.Ok(await explainer.ExplainAsync(decision!, organizationId, cancellationToken));
    }
}
