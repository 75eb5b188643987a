using Portico.Web.Cli;
using Portico.Web.Data;
using Portico.Web.Features.Access;
using Portico.Web.Features.Shared;
using Portico.Web.Features.Accounts;
using Portico.Web.Features.Apps;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Operator;
using Portico.Web.Features.Operator.Incentives;
using Portico.Web.Features.Benefits;
using Portico.Web.Features.Insights;
using Portico.Web.Features.Marketplace;
using Portico.Web.Features.Marketplace.Payouts;
using Portico.Web.Features.Verification;
using Portico.Web.Features.Organizations;
using Portico.Web.Features.Relationships;
using Portico.Web.Features.Recovery;
using Portico.Web.Features.Billing;
using Portico.Web.Features.Designations;
using Portico.Web.Features.Incentives;
using Portico.Web.Features.Referrals;
using Portico.Web.Features.SecurityInfo;
using Portico.Web.Features.SignIn;
using Portico.Web.Features.Support;
using Portico.Web.Features.Users;
using Portico.Web.Infrastructure;

var command = PorticoCli.Parse(args);
var builder = WebApplication.CreateBuilder(command.HostArgs);
if (!command.IsServe)
{
    // Note: commands print their results (and --json) on stdout; logs go to stderr, warnings and up only.
    builder.Logging.ClearProviders();
    builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
}

builder.Services
    .AddPortalData(builder.Configuration)
    .AddPortalSecurity(builder.Configuration)
    .AddPortalEmail(builder.Configuration)
    .AddPortalLocalization()
    .AddPortalApi(builder.Configuration)
    .AddPortalUi();

var app = builder.Build();

if (!command.IsServe)
{
    return await PorticoCli.RunAsync(command, app.Services);
}

await app.PrepareDatabaseAsync();

if (app.Configuration.GetSection("Portico:ForwardedHeaders:KnownProxies").Get<string[]>() is { Length: > 0 })
{
    // Note: only with named proxies; with an empty list the middleware would trust X-Forwarded-For from anyone.
    app.UseForwardedHeaders();
}

app.UseExceptionHandler("/Error");
app.UsePortalStatusCodePages();
app.UseSecurityHeaders();
app.UseStaticFiles();
app.UseRouting();
app.UseAuthentication();
app.UseRequestLocalization();
app.UseApiBodyLimit();
app.UseRateLimiter();
app.UseSessionGates();
app.UseAuthorization();
app.UseAntiforgery();

app.MapHealthChecks("/healthz", new() { Predicate = _ => false }).AllowAnonymous();
app.MapHealthChecks("/readyz", new() { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();
app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();

var api = app.MapGroup("/api/v1").DisableAntiforgery();
api.MapSessionApi();
api.MapMeApi();
api.MapPersonalAccountsApi();
api.MapOrganizationsApi();
api.MapAuditApi();
api.MapUsersApi();
api.MapExplainApi();
api.MapAccessRequestsApi();
api.MapRelationshipsApi();
api.MapSupportApi();
api.MapOperatorApi();
api.MapSecurityInfoApi();
api.MapPasswordRecoveryApi();
api.MapVerificationApi();
api.MapBenefitsApi();
api.MapReferralsApi();
api.MapOffersApi();
api.MapAppsApi();
api.MapIncentivesApi();
api.MapBillingApi();
api.MapInsightsApi();
api.MapPayoutsApi();
api.MapDesignationsApi();
api.MapOperatorIncentivesApi();

app.MapRazorPages();
app.MapCultureEndpoint();

await app.RunAsync();
return 0;

/// <summary>Entry point; public and partial so integration tests can host it with WebApplicationFactory.</summary>
public partial class Program;
