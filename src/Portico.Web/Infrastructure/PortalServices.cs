using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Features.Accounts;
using Portico.Web.Features.AuditLog;
using Portico.Web.Features.Organizations;
using Portico.Web.Features.Sessions;
using Portico.Web.Features.SignIn;
using Portico.Web.Infrastructure.Api;
using Portico.Web.Infrastructure.Email;
using Portico.Web.Infrastructure.Localization;
using Portico.Web.Infrastructure.Passwords;
using Portico.Web.Infrastructure.RateLimiting;

namespace Portico.Web.Infrastructure;

/// <summary>The <c>AddPortal…()</c> extensions Program.cs is made of.</summary>
public static class PortalServices
{
    public static IServiceCollection AddPortalSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<Argon2Options>(configuration.GetSection("Portico:Passwords:Argon2"));
        services.Configure<HashingQueueOptions>(configuration.GetSection("Portico:Passwords:Queue"));
        services.Configure<SmartLockoutOptions>(configuration.GetSection("Portico:Lockout"));
        services.Configure<PorticoSessionOptions>(configuration.GetSection("Portico:Sessions"));

        services.AddSingleton<Argon2idPasswordHasher>();
        services.AddSingleton<IPasswordHasher<Account>>(sp => sp.GetRequiredService<Argon2idPasswordHasher>());
        services.AddSingleton<PasswordHashingQueue>();
        services.AddSingleton<DummyPasswordHash>();
        services.AddSingleton<PasswordPolicy>();

        // Note: Identity supplies the user store, normalizer and token providers; sign-in itself is SignInService,
        // because one email may map to two accounts and sessions are server-side records.
        services.AddIdentityCore<Account>(options =>
            {
                options.User.RequireUniqueEmail = false;
                options.Lockout.AllowedForNewUsers = false;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddDefaultTokenProviders();

        services.AddDataProtection().SetApplicationName("Portico").PersistKeysToDbContext<AppDbContext>();

        services.AddAuthentication(SessionAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, SessionAuthenticationHandler>(SessionAuthenticationHandler.SchemeName, null);
        services.AddSingleton<IAuthorizationPolicyProvider, CapabilityPolicyProvider>();
        services.AddScoped<IAuthorizationHandler, CapabilityHandler>();
        services.AddAuthorization();

        services.AddScoped<SessionService>();
        services.AddScoped<SignInService>();
        services.AddScoped<PasswordChangeService>();
        services.AddScoped<PasswordSetter>();
        services.AddScoped<Features.SecurityInfo.SecondFactor>();
        services.AddScoped<Features.SecurityInfo.SecurityInfoService>();
        services.AddScoped<Features.SecurityInfo.SecurityInfoQueries>();
        services.TryAddScoped<IPasskeyHandler<Account>, PasskeyHandler<Account>>();

        // Note: a passkey is accepted from this site's own origin only: the address the request came to (scheme and
        // host as the forwarded-headers middleware reports them), never from a cross-origin frame.
        services.Configure<IdentityPasskeyOptions>(o => o.ValidateOrigin = context =>
        {
            var request = context.HttpContext.Request;
            var own = $"{request.Scheme}://{request.Host}";
            return ValueTask.FromResult(!context.CrossOrigin && string.Equals(context.Origin, own, StringComparison.OrdinalIgnoreCase));
        });
        services.AddScoped<Features.SecurityInfo.PasskeyService>();
        services.AddSingleton<Features.Recovery.RecoveryLinks>();
        services.AddSingleton<Email.NoticeMailChannel>();
        services.AddHostedService<Email.NoticeMailWorker>();
        services.AddSingleton<Features.Recovery.RecoveryRequestChannel>();
        services.AddHostedService<Features.Recovery.RecoveryMailWorker>();
        services.AddScoped<Features.Recovery.RecoveryEmails>();
        services.AddScoped<Features.Recovery.PasswordRecoveryService>();
        services.AddScoped<Features.Referrals.DealService>();
        services.AddScoped<Features.Incentives.EarningService>();
        services.AddScoped<Features.Operator.Incentives.DisputeDeskService>();
        services.AddScoped<Features.Operator.Incentives.EarningDeskService>();
        services.AddScoped<Features.Operator.Incentives.DisputeEmails>();
        services.AddScoped<Features.Operator.Incentives.EarningImportService>();
        services.AddScoped<Features.Billing.BillingService>();
        services.AddScoped<Features.Marketplace.Payouts.PayoutService>();
        services.TryAddSingleton<Sms.ISmsSender, Sms.OutboxSmsSender>();
        services.AddScoped<PersonalAccountService>();
        services.AddScoped<OrganizationService>();
        services.AddScoped<SecurityPolicyService>();
        services.AddScoped<AuditTrail>();
        services.AddScoped<AuditVerifier>();
        services.Configure<AuditOptions>(configuration.GetSection("Portico:Audit"));
        services.Configure<AuditRetentionWorkerOptions>(configuration.GetSection("Portico:Audit:Worker"));
        services.AddScoped<AuditRetention>();
        services.AddSingleton<AuditRetentionWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditRetentionWorker>());
        services.AddScoped<AccountEmails>();
        services.AddScoped<DemoData>();
        services.AddScoped<ImportService>();
        services.AddScoped<Features.Users.UserManagementService>();
        services.AddScoped<Features.Users.UserQueries>();
        services.AddSingleton<Features.Users.OrderedSearchIndex>();
        services.AddScoped<Features.Access.AccessExplainer>();
        services.AddScoped<Features.Access.AccessRequestService>();
        Features.Relationships.RelationshipServices.AddPortalRelationships(services, configuration);
        services.Configure<Features.Support.SupportOptions>(configuration.GetSection("Portico:Support"));
        services.AddScoped<Features.Support.SupportService>();
        services.AddScoped<Features.Operator.SignInDiagnosisService>();
        services.Configure<Features.Verification.DnsOptions>(configuration.GetSection("Portico:Dns"));
        services.AddSingleton<Features.Verification.DnsTxtLookup>();
        services.AddSingleton<Features.Verification.FreeMailDomains>();
        services.AddScoped<Features.Verification.VerificationEmails>();
        services.AddScoped<Features.Verification.VerificationService>();
        services.AddScoped<Features.Marketplace.OfferService>();
        services.AddScoped<Features.Apps.AppRegistrationService>();
        services.AddScoped<Features.Designations.DesignationService>();
        services.AddScoped<Features.Designations.DesignationRecordService>();
        services.AddScoped<Features.Insights.InsightsService>();
        services.AddPortalRateLimiting(configuration);
        return services;
    }

    public static IServiceCollection AddPortalEmail(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<EmailOptions>(configuration.GetSection("Portico:Email"));
        if (!string.IsNullOrWhiteSpace(configuration["Portico:Email:Smtp:Host"]))
        {
            services.AddSingleton<IEmailSender, SmtpEmailSender>();
        }
        else
        {
            services.AddSingleton<IEmailSender, PickupDirectoryEmailSender>();
        }

        return services;
    }

    public static IServiceCollection AddPortalLocalization(this IServiceCollection services)
    {
        services.AddLocalization();
        services.Configure<RequestLocalizationOptions>(options =>
        {
            // Note: browsers often send the bare language ("ja"), so the neutral cultures are accepted too.
            var cultures = Cultures.Supported.Concat(["en", "ja"]).Select(CultureInfo.GetCultureInfo).ToList();
            options.DefaultRequestCulture = new RequestCulture(Cultures.English);
            options.SupportedCultures = cultures;
            options.SupportedUICultures = cultures;

            // Note: the signed-in user's saved preference first, then the language picker's cookie, then the browser.
            options.RequestCultureProviders =
            [
                new CustomRequestCultureProvider(context =>
                {
                    var preferred = context.User.FindFirst(PorticoClaims.Culture)?.Value;
                    return Task.FromResult(Cultures.IsSupported(preferred) ? new ProviderCultureResult(preferred) : null);
                }),
                new CookieRequestCultureProvider(),
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
        return services;
    }

    public static IServiceCollection AddPortalApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddProblemDetails();
        services.AddOpenApi("v1");
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.ConfigureHttpJsonOptions(o =>
            o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All));
        services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database", tags: ["ready"]);
        services.AddHttpContextAccessor();

        // Note: behind a reverse proxy the client address (rate limits, audit IP) comes from X-Forwarded-For, but
        // only when the proxy is named in Portico:ForwardedHeaders:KnownProxies; otherwise the header is ignored.
        services.Configure<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto;
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
            foreach (var proxy in configuration.GetSection("Portico:ForwardedHeaders:KnownProxies").Get<string[]>() ?? [])
            {
                if (System.Net.IPAddress.TryParse(proxy, out var address))
                {
                    o.KnownProxies.Add(address);
                }
            }
        });
        services.AddSingleton(TimeProvider.System);
        return services;
    }

    public static IServiceCollection AddPortalUi(this IServiceCollection services)
    {
        services.AddRazorPages(options =>
            {
                options.RootDirectory = "/Features";
                options.Conventions.AuthorizeFolder("/");
                options.Conventions.AllowAnonymousToFolder("/SignIn");
                options.Conventions.AllowAnonymousToFolder("/SignUp");
                options.Conventions.AllowAnonymousToPage("/Error");
                options.Conventions.AllowAnonymousToPage("/Culture");
                foreach (var (page, route) in Features.Users.OrganizationRoute.CustomerPageRoutes)
                {
                    options.Conventions.AddPageRoute(page, route);
                }
            })
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(o => o.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(Resources.SharedResource)));
        services.AddAntiforgery(o => o.Cookie.Name = "portico_af");

        // Note: Japanese text is written as characters, not numeric entities; markup-significant characters stay encoded.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddScoped<Features.Shared.LayoutModel>();
        services.AddScoped<Features.HomeTasks>();
        return services;
    }
}
