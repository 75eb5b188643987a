using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portico.Tests.Infrastructure;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Features.Accounts;
using Portico.Web.Features.Organizations;

namespace Portico.Tests.Access;

/// <summary>
/// The generated role matrix (SPEC §1.3): every page and API route × every catalog role, a personal account, an
/// admin of another organization, operator staff and anonymous. The expected answer of each cell comes from the
/// access catalog, never from a hand-written table, so a new route or role is covered without editing this file.
/// </summary>
public sealed class RoleMatrixTests(RoleMatrixTests.MatrixFactory factory) : IClassFixture<RoleMatrixTests.MatrixFactory>
{
    private const string Password = "matrix-quartz-lantern-71";

    /// <summary>Routes anyone may call; adding an anonymous route means adding it here, on purpose.</summary>
    private static readonly HashSet<string> AnonymousRoutes =
    [
        "POST /api/v1/session", "POST /api/v1/personal-accounts/", "POST /api/v1/personal-accounts/verify",
        "GET /healthz", "GET /readyz", "GET /openapi/{documentName}.json", "POST /Culture",
        "PAGE /SignIn", "PAGE /SignIn/ChooseAccount", "PAGE /SignIn/Switch", "PAGE /SignIn/Help", "PAGE /SignIn/Invitation", "PAGE /SignIn/Mfa", "PAGE /SignIn/Recover", "PAGE /SignIn/ResetPassword",
        "POST /api/v1/password-recovery", "POST /api/v1/password-recovery/complete", "PAGE /SignUp", "PAGE /SignUp/Verify",
        "PAGE /Error", "PAGE /SignOut", "PAGE /AccessDenied",
        "POST /api/v1/support-requests", "POST /api/v1/support-requests/private/", "POST /api/v1/support-requests/private/replies", "PAGE /Support/New", "PAGE /Support/Sent", "PAGE /Support/Ticket",
        "PAGE /Verification/Confirm", "PAGE /Verification/Responses",
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public sealed class MatrixFactory : PortalFactory
    {
        public MatrixFactory() => Settings["Portico:DemoData"] = "true";
    }

    private sealed record Subject(string Name, string? Email, AccountKind? Kind, string[] Roles, bool OtherOrganization = false);

    private sealed record Route(string Method, string Pattern, string? Policy, bool Anonymous, bool IsPage)
    {
        public string Key => IsPage ? $"PAGE /{Pattern.TrimStart('/')}" : $"{Method} /{Pattern.TrimStart('/')}";
    }

    private async Task<List<Subject>> SubjectsAsync()
    {
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var organizations = scope.ServiceProvider.GetRequiredService<OrganizationService>();
        var contoso = await db.Organizations.SingleAsync(o => o.DisplayName == "Contoso Cloud Solutions", Ct);
        var subjects = new List<Subject>();
        foreach (var role in AccessCatalog.RoleList)
        {
            var email = $"matrix-{role.Id.ToLowerInvariant()}@contoso.example";
            if (!await db.Users.AnyAsync(a => a.Email == email, Ct))
            {
                await organizations.AddWorkAccountAsync(contoso, email, "Matrix " + role.Id, [role.Id], Password, Ct);
            }

            subjects.Add(new Subject(role.Id, email, AccountKind.Work, [role.Id]));
        }

        var noRoles = "matrix-noroles@contoso.example";
        if (!await db.Users.AnyAsync(a => a.Email == noRoles, Ct))
        {
            await organizations.AddWorkAccountAsync(contoso, noRoles, "Matrix Member", [], Password, Ct);
        }

        await db.SaveChangesAsync(Ct);
        subjects.Add(new Subject("MemberWithoutRoles", noRoles, AccountKind.Work, []));
        subjects.Add(new Subject("OtherOrgGlobalAdmin", "nora.admin@northwind.example", AccountKind.Work, [Roles.GlobalAdmin], OtherOrganization: true));
        subjects.Add(new Subject("Personal", DemoData.SharedEmail, AccountKind.Personal, []));
        subjects.Add(new Subject("OperatorAdmin", "olivia.ops@portico.example", AccountKind.Staff, [OperatorRoles.OperatorAdmin]));
        subjects.Add(new Subject("SupportAgent", "sasha.support@portico.example", AccountKind.Staff, [OperatorRoles.SupportAgent]));
        subjects.Add(new Subject("VerificationAgent", "victor.verify@portico.example", AccountKind.Staff, [OperatorRoles.VerificationAgent]));
        subjects.Add(new Subject("Anonymous", null, null, []));
        return subjects;
    }

    private List<Route> Routes()
    {
        var routes = new List<Route>();
        var loader = factory.Services.GetRequiredService<PageLoader>();
        foreach (var endpoint in factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern.RawText ?? "";
            var authorize = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().ToList();
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var page = endpoint.Metadata.GetMetadata<PageActionDescriptor>();
            var isPage = page is not null;
            if (page is not null)
            {
                // Note: a page model's own attributes reach the endpoint only when the page is loaded; load it here.
                var compiled = loader.LoadAsync(page, endpoint.Metadata).GetAwaiter().GetResult();
                authorize.AddRange(compiled.ModelTypeInfo?.GetCustomAttributes(typeof(AuthorizeAttribute), true).Cast<IAuthorizeData>() ?? []);
                anonymous |= compiled.ModelTypeInfo?.GetCustomAttributes(typeof(AllowAnonymousAttribute), true).Length > 0;
            }

            var policy = authorize.Select(a => a.Policy).LastOrDefault(p => p is not null);
            if (!anonymous && authorize.Count == 0)
            {
                routes.Add(new Route("?", pattern, "MISSING", false, isPage));
                continue;
            }

            if (isPage)
            {
                // Note: "Index" pages are reachable at their folder; test the folder form once.
                if (pattern.EndsWith("/Index", StringComparison.Ordinal) || pattern == "Index")
                {
                    continue;
                }

                routes.Add(new Route("GET", pattern, policy, anonymous, true));
                continue;
            }

            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                routes.Add(new Route(method, pattern, policy, anonymous, false));
            }
        }

        return routes.DistinctBy(r => r.Key).OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
    }

    [Fact]
    public void EveryRoute_HasAnAuthorizationDecision()
    {
        var routes = Routes();

        var missing = routes.Where(r => r.Policy == "MISSING").Select(r => r.Key).ToList();
        var unexpectedAnonymous = routes.Where(r => r.Anonymous && !AnonymousRoutes.Contains(r.Key)).Select(r => r.Key).ToList();

        Assert.True(missing.Count == 0, "Routes without [Authorize]/[AllowAnonymous]: " + string.Join(", ", missing));
        Assert.True(unexpectedAnonymous.Count == 0, "Anonymous routes not in the allow-list: " + string.Join(", ", unexpectedAnonymous));
        Assert.Contains(routes, r => r.Policy == CapabilityPolicyProvider.For(Capabilities.Users));
    }

    [Fact]
    public async Task EveryRoute_ForEverySubject_AnswersAsTheCatalogSays()
    {
        var subjects = await SubjectsAsync();
        var routes = Routes().Where(r => r.Policy != "MISSING").ToList();
        Guid contosoId;
        Guid northwindId;
        await using (var scope = factory.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            contosoId = await db.Organizations.Where(o => o.DisplayName == "Contoso Cloud Solutions").Select(o => o.Id).SingleAsync(Ct);
            northwindId = await db.Organizations.Where(o => o.DisplayName == "Northwind Distribution").Select(o => o.Id).SingleAsync(Ct);
        }

        var contosoFacts = new OrganizationFacts(contosoId, Programs.All, Verified: true);

        // Note: the other organization's own programs decide its admin's pages without {orgId} (Northwind is not in every program).
        OrganizationFacts northwindFacts;
        await using (var scope = factory.Scope())
        {
            northwindFacts = (await CapabilityHandler.LoadFactsAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), northwindId, Ct))!;
        }

        var failures = new List<string>();
        var cells = 0;
        foreach (var subject in subjects)
        {
            var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            var culture = subjects.IndexOf(subject) % 2 == 0 ? "en-US" : "ja-JP";
            client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(culture);
            if (subject.Email is not null)
            {
                client.WithToken(await client.SignInAsync(subject.Email, PasswordOf(subject), subject.Kind == AccountKind.Personal ? "Personal" : null));
            }

            // Note: signing out last, so the subject's session lives through the whole row.
            foreach (var route in routes.OrderBy(r => r.Key == "DELETE /api/v1/session" ? 1 : 0))
            {
                var expected = Expected(route, subject, contosoFacts, northwindFacts);
                var path = "/" + route.Pattern.TrimStart('/')
                    .Replace("{orgId:guid}", contosoId.ToString(), StringComparison.Ordinal)
                    .Replace("{documentName}", "v1", StringComparison.Ordinal);
                path = System.Text.RegularExpressions.Regex.Replace(path, @"\{[a-zA-Z]+(:guid)?\??\}", Guid.NewGuid().ToString());
                using var request = new HttpRequestMessage(new HttpMethod(route.Method), path);
                if (route.Method is "POST" or "PUT")
                {
                    request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
                }

                using var response = await client.SendAsync(request, Ct);
                cells++;
                var actual = route.Key == "PAGE /AccessDenied" && response.StatusCode == HttpStatusCode.Forbidden
                    ? Outcome.Allowed // Note: the access-denied page renders with status 403 on purpose.
                    : Classify(response, route.IsPage);
                if (actual != expected)
                {
                    failures.Add($"{subject.Name} × {route.Key}: expected {expected}, got {actual} ({(int)response.StatusCode} {response.Headers.Location})");
                }

                if (response.Content.Headers.ContentType?.MediaType == "text/html")
                {
                    failures.AddRange(PageChecks.Problems(await response.Content.ReadAsStringAsync(Ct), culture)
                        .Select(problem => $"{subject.Name} × {route.Key} ({culture}): {problem}"));
                }
            }

            // Tenant isolation: every org-scoped API route with another organization's id is denied to everyone.
            if (subject.Email is not null && !subject.OtherOrganization)
            {
                var relogin = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
                relogin.WithToken(await relogin.SignInAsync(subject.Email, PasswordOf(subject), subject.Kind == AccountKind.Personal ? "Personal" : null));
                foreach (var route in routes.Where(r => !r.IsPage && r.Pattern.Contains("{orgId:guid}", StringComparison.Ordinal)))
                {
                    var path = "/" + route.Pattern.TrimStart('/').Replace("{orgId:guid}", northwindId.ToString(), StringComparison.Ordinal);
                    path = System.Text.RegularExpressions.Regex.Replace(path, @"\{[a-zA-Z]+(:guid)?\??\}", Guid.NewGuid().ToString());
                    using var request = new HttpRequestMessage(new HttpMethod(route.Method), path);
                    if (route.Method is "POST" or "PUT")
                    {
                        request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
                    }

                    using var response = await relogin.SendAsync(request, Ct);
                    cells++;
                    if (response.StatusCode != HttpStatusCode.Forbidden)
                    {
                        failures.Add($"{subject.Name} × {route.Key} on another organization: expected 403, got {(int)response.StatusCode}");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {cells} cells differ from the catalog:\n" + string.Join("\n", failures));
        Assert.True(cells > 500, $"only {cells} cells ran");
    }

    /// <summary>
    /// The delegated rows (SPEC §7): a provider's agent per delegable relationship role (one role each, MFA done), plus
    /// an agent without MFA, against every org-scoped page and API route of the customer organization. The expected
    /// answer comes from <see cref="AccessEvaluator.EvaluateDelegated"/> over the catalog's delegable roles.
    /// </summary>
    [Fact]
    public async Task OrgRoutes_ForAgentsThroughARelationship_AnswerAsTheCatalogSays()
    {
        Guid northwindId;
        Guid fabrikamId;
        Guid relationshipId;
        var agents = new List<(string Name, string Email, string AgentRole, string? RelationshipRole, bool Mfa)>();
        await using (var scope = factory.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var organizations = scope.ServiceProvider.GetRequiredService<OrganizationService>();
            var northwind = await db.Organizations.SingleAsync(o => o.DisplayName == "Northwind Distribution", Ct);
            northwindId = northwind.Id;
            fabrikamId = await db.Organizations.Where(o => o.DisplayName == "Fabrikam Reseller 株式会社").Select(o => o.Id).SingleAsync(Ct);
            var now = factory.Time.GetUtcNow();
            var relationship = await db.DelegatedAdminRelationships.SingleOrDefaultAsync(r => r.DisplayName == "Matrix", Ct);
            if (relationship is null)
            {
                relationship = new Web.Features.Relationships.DelegatedAdminRelationship
                {
                    ProviderOrganizationId = northwindId, CustomerOrganizationId = fabrikamId, DisplayName = "Matrix",
                    Status = Web.Features.Relationships.DelegatedAdminRelationshipStatus.Active, Roles = [.. DelegableRoles.All],
                    DurationDays = 30, CreatedAt = now, RequestExpiresAt = now.AddDays(90), ActivatedAt = now, EndsAt = now.AddDays(30),
                };
                db.DelegatedAdminRelationships.Add(relationship);
            }

            relationshipId = relationship.Id;
            var rows = DelegableRoles.All.Select(r => ($"Agent·{r}", $"matrix-agent-{r.ToLowerInvariant()}@northwind.example", Roles.AdminAgent, (string?)r, true))
                .Append(("HelpdeskAgent·HelpdeskAdministrator", "matrix-helpdesk@northwind.example", Roles.HelpdeskAgent, DelegableRoles.HelpdeskAdministrator, true))
                .Append(("Agent·UserAdministrator·NoMfa", "matrix-agent-nomfa@northwind.example", Roles.AdminAgent, DelegableRoles.UserAdministrator, false))
                .Append(("Agent·NoRelationshipRole", "matrix-agent-none@northwind.example", Roles.AdminAgent, null, true));
            foreach (var (name, email, agentRole, relationshipRole, mfa) in rows)
            {
                if (!await db.Users.AnyAsync(a => a.Email == email, Ct))
                {
                    var created = await organizations.AddWorkAccountAsync(northwind, email, name, [agentRole], Password, Ct);
                    if (relationshipRole is not null)
                    {
                        db.DelegatedAdminAssignments.Add(new Web.Features.Relationships.DelegatedAdminAssignment
                        {
                            RelationshipId = relationship.Id, AccountId = created.Account.Id, Roles = [relationshipRole], AssignedAt = now,
                        });
                    }
                }

                agents.Add((name, email, agentRole, relationshipRole, mfa));
            }

            await db.SaveChangesAsync(Ct);
        }

        var fabrikamFacts = new OrganizationFacts(fabrikamId, [Programs.PartnerNetwork, Programs.CloudReseller], Verified: false);
        var routes = Routes().Where(r => r.Policy != "MISSING" && !r.Anonymous && r.Pattern.Contains("{orgId", StringComparison.Ordinal)).ToList();
        var failures = new List<string>();
        var cells = 0;
        var allowedCells = 0;
        foreach (var agent in agents)
        {
            var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            client.WithToken(await client.SignInAsync(agent.Email, Password));
            if (agent.Mfa)
            {
                await Relationships.RelationshipTestKit.MarkMfaAsync(factory, agent.Email);
            }

            var subject = new AccessSubject(AccountKind.Work, northwindId, [agent.AgentRole], agent.Mfa);
            var delegation = agent.RelationshipRole is null
                ? null
                : new DelegatedAccess(northwindId, "Northwind Distribution", fabrikamId,
                    [new DelegatedAccessRelationship(relationshipId, "Matrix", [agent.RelationshipRole], factory.Time.GetUtcNow().AddDays(30))]);
            foreach (var route in routes)
            {
                var capabilities = route.Policy![CapabilityRequirement.PolicyPrefix.Length..].Split(CapabilityRequirement.AnyOfSeparator);
                var expected = capabilities.Any(c => AccessEvaluator.EvaluateDelegated(c, subject, fabrikamFacts, delegation).Allowed) ? Outcome.Allowed : Outcome.Denied;
                var path = "/" + route.Pattern.TrimStart('/').Replace("{orgId:guid}", fabrikamId.ToString(), StringComparison.Ordinal);
                path = System.Text.RegularExpressions.Regex.Replace(path, @"\{[a-zA-Z]+(:guid)?\??\}", Guid.NewGuid().ToString());
                using var request = new HttpRequestMessage(new HttpMethod(route.Method), path);
                if (route.Method is "POST" or "PUT")
                {
                    request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
                }

                using var response = await client.SendAsync(request, Ct);
                cells++;
                allowedCells += expected == Outcome.Allowed ? 1 : 0;
                var actual = Classify(response, route.IsPage);
                if (actual != expected)
                {
                    failures.Add($"{agent.Name} × {route.Key}: expected {expected}, got {actual} ({(int)response.StatusCode} {response.Headers.Location})");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {cells} delegated cells differ from the catalog:\n" + string.Join("\n", failures));
        Assert.True(cells > 100, $"only {cells} cells ran");
        Assert.InRange(allowedCells, 20, cells - 20);
    }

    private static string PasswordOf(Subject subject) =>
        subject.Email!.StartsWith("matrix-", StringComparison.Ordinal) ? Password : DemoData.Password;

    private enum Outcome
    {
        Allowed,
        Denied,
        SignInRequired,
    }

    private static Outcome Expected(Route route, Subject subject, OrganizationFacts facts, OrganizationFacts otherFacts)
    {
        if (route.Anonymous)
        {
            return Outcome.Allowed;
        }

        if (subject.Email is null)
        {
            return Outcome.SignInRequired;
        }

        if (route.Policy is { } policy && policy.StartsWith(CapabilityRequirement.PolicyPrefix, StringComparison.Ordinal))
        {
            var capabilities = policy[CapabilityRequirement.PolicyPrefix.Length..].Split(CapabilityRequirement.AnyOfSeparator);
            var principal = new AccessSubject(subject.Kind, subject.OtherOrganization ? otherFacts.Id : subject.Kind == AccountKind.Work ? facts.Id : null, subject.Roles, MfaCompleted: false);

            // Note: pages and routes without {orgId} act on the caller's own organization.
            var organization = route.Pattern.Contains("{orgId", StringComparison.Ordinal) || subject.Kind != AccountKind.Work || subject.OtherOrganization
                ? (subject.OtherOrganization && !route.Pattern.Contains("{orgId", StringComparison.Ordinal) ? otherFacts : facts)
                : facts;
            return capabilities.Any(c => AccessEvaluator.Evaluate(c, principal, organization).Allowed) ? Outcome.Allowed : Outcome.Denied;
        }

        return Outcome.Allowed;
    }

    private static Outcome Classify(HttpResponseMessage response, bool isPage)
    {
        var location = response.Headers.Location?.ToString() ?? "";
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => Outcome.SignInRequired,
            HttpStatusCode.Forbidden => Outcome.Denied,
            HttpStatusCode.Redirect or HttpStatusCode.Found when isPage && location.StartsWith("/SignIn?", StringComparison.Ordinal) => Outcome.SignInRequired,
            HttpStatusCode.Redirect or HttpStatusCode.Found when isPage && location.StartsWith("/AccessDenied", StringComparison.Ordinal) => Outcome.Denied,
            _ => Outcome.Allowed,
        };
    }
}
