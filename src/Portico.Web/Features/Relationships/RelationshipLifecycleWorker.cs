using Microsoft.Extensions.Options;
using Portico.Web.Infrastructure.BackgroundJobs;

namespace Portico.Web.Features.Relationships;

/// <summary>Settings of the relationship lifecycle worker (<c>Portico:Relationships:Worker</c>).</summary>
public sealed class RelationshipWorkerOptions : LeasedWorkerOptions;

/// <summary>Runs <see cref="RelationshipLifecycle"/> (expiry, auto-extension, reminders) once across the cluster, every minute by default.</summary>
public sealed class RelationshipLifecycleWorker(
    IServiceScopeFactory scopes, TimeProvider time, IOptions<RelationshipWorkerOptions> options, ILogger<RelationshipLifecycleWorker> logger)
    : LeasedWorker(scopes, time, options.Value, logger)
{
    public const string Lease = "relationship-lifecycle";

    protected override string LeaseName => Lease;

    protected override async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        await services.GetRequiredService<RelationshipLifecycle>().RunOnceAsync(cancellationToken);
}

/// <summary>Registrations of the relationships feature.</summary>
public static class RelationshipServices
{
    public static IServiceCollection AddPortalRelationships(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RelationshipWorkerOptions>(configuration.GetSection("Portico:Relationships:Worker"));
        services.AddScoped<DelegatedAccessResolver>();
        services.AddScoped<RelationshipService>();
        services.AddScoped<RelationshipEmails>();
        services.AddScoped<RelationshipQueries>();
        services.AddScoped<RelationshipLifecycle>();
        services.AddScoped<DatabaseLeaseStore>();
        services.AddSingleton<RelationshipLifecycleWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<RelationshipLifecycleWorker>());
        return services;
    }
}
