using Microsoft.Extensions.Options;
using Portico.Web.Infrastructure.BackgroundJobs;

namespace Portico.Web.Features.Relationships;

/// <summary>Settings of the relationship lifecycle worker (<c>Portico:Relationships:Worker</c>).</summary>
public sealed class RelationshipWorkerOptions
{
    /// <summary>Run the worker in this instance (every instance may; the lease makes one of them do the work).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Time between runs.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a run's lease lasts; another instance takes over after it when this one dies.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// Runs <see cref="RelationshipLifecycle"/> on a timer in every instance; a <see cref="DatabaseLease"/> makes exactly
/// one instance of those sharing the database do the work at a time (SPEC §11). The clock is the app's
/// <see cref="TimeProvider"/>, so tests drive it with a fake one and call <see cref="TickAsync"/>.
/// </summary>
public sealed class RelationshipLifecycleWorker(
    IServiceScopeFactory scopes, TimeProvider time, IOptions<RelationshipWorkerOptions> options, ILogger<RelationshipLifecycleWorker> logger) : BackgroundService
{
    public const string LeaseName = "relationship-lifecycle";

    /// <summary>This instance's lease holder id.</summary>
    public string InstanceId { get; } = Environment.MachineName + "/" + Guid.NewGuid().ToString("N");

    /// <summary>One run: takes (or renews) the lease and, when held, applies every due lifecycle step. Returns whether it ran.</summary>
    public async Task<bool> TickAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var leases = scope.ServiceProvider.GetRequiredService<DatabaseLeaseStore>();
        if (!await leases.TryAcquireAsync(LeaseName, InstanceId, options.Value.LeaseDuration, cancellationToken))
        {
            return false;
        }

        await scope.ServiceProvider.GetRequiredService<RelationshipLifecycle>().RunOnceAsync(cancellationToken);
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await TickAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Log.RunFailed(logger, e);
            }

            try
            {
                await Task.Delay(options.Value.Interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (!options.Value.Enabled)
        {
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseLeaseStore>().ReleaseAsync(LeaseName, InstanceId, cancellationToken);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Note: the lease then simply expires.
            Log.ReleaseFailed(logger, e);
        }
    }
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
