namespace Portico.Web.Infrastructure.BackgroundJobs;

/// <summary>Settings of a leased background worker (e.g. <c>Portico:Relationships:Worker</c>, <c>Portico:Audit:Worker</c>).</summary>
public class LeasedWorkerOptions
{
    /// <summary>Run the worker in this instance (every instance may; the lease makes one of them do the work).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Time between runs.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a run's lease lasts; another instance takes over after it when this one dies.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// Runs one job on a timer in every instance; a <see cref="DatabaseLease"/> makes exactly one instance of those
/// sharing the database do the work at a time (SPEC §11). The clock is the app's <see cref="TimeProvider"/>, so tests
/// drive it with a fake one and call <see cref="TickAsync"/>.
/// </summary>
public abstract partial class LeasedWorker(IServiceScopeFactory scopes, TimeProvider time, LeasedWorkerOptions options, ILogger logger) : BackgroundService
{
    /// <summary>This instance's lease holder id.</summary>
    public string InstanceId { get; } = Environment.MachineName + "/" + Guid.NewGuid().ToString("N");

    /// <summary>The lease's name: one per job, shared by every instance.</summary>
    protected abstract string LeaseName { get; }

    /// <summary>One run: takes (or renews) the lease and, when held, does the job. Returns whether it ran.</summary>
    public async Task<bool> TickAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var leases = scope.ServiceProvider.GetRequiredService<DatabaseLeaseStore>();
        if (!await leases.TryAcquireAsync(LeaseName, InstanceId, options.LeaseDuration, cancellationToken))
        {
            return false;
        }

        await RunAsync(scope.ServiceProvider, cancellationToken);
        return true;
    }

    /// <summary>The job itself, in a scope of its own, while this instance holds the lease.</summary>
    protected abstract Task RunAsync(IServiceProvider services, CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled)
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
                RunFailed(logger, LeaseName, e);
            }

            try
            {
                await Task.Delay(options.Interval, time, stoppingToken);
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
        if (!options.Enabled)
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
            ReleaseFailed(logger, LeaseName, e);
        }
    }

    [LoggerMessage(EventId = 8002, Level = LogLevel.Error, Message = "The background job {Job} failed; it runs again at its next interval.")]
    private static partial void RunFailed(ILogger logger, string job, Exception exception);

    [LoggerMessage(EventId = 8003, Level = LogLevel.Warning, Message = "The lease of background job {Job} could not be released; it expires on its own.")]
    private static partial void ReleaseFailed(ILogger logger, string job, Exception exception);
}
