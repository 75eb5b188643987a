using System.Data.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Portico.Tests.Infrastructure;

/// <summary>A demo portal whose saves a test can interrupt with <see cref="Race"/>, to lose a race on purpose.</summary>
public sealed class RacingPortalFactory : PortalFactory
{
    public RacingPortalFactory() => Settings["Portico:DemoData"] = "true";

    public SaveRace Race { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IInterceptor>(Race));
    }
}

/// <summary>
/// Runs a test's step once, just before a matching context begins the transaction of its save: the context has read
/// and checked everything and holds no lock yet, so the step (another request, written in full) wins the race.
/// </summary>
/// <remarks>
/// Note: every save that carries an audit row opens its own transaction (AppDbContext seals the chain in it), so
/// this is the last moment before the save writes anything, on SQLite and PostgreSQL alike.
/// </remarks>
public sealed class SaveRace : DbTransactionInterceptor
{
    private Hook? armed;

    /// <summary>Runs <paramref name="step"/> before the next save whose context matches <paramref name="when"/>.</summary>
    public void Before(Func<DbContext, bool> when, Func<Task> step)
    {
        Ran = false;
        armed = new Hook(when, step);
    }

    /// <summary>True once the armed step has run.</summary>
    public bool Ran { get; private set; }

    public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (armed is { } hook && eventData.Context is { } context && hook.When(context) && Interlocked.CompareExchange(ref armed, null, hook) == hook)
        {
            await hook.Step();
            Ran = true;
        }

        return result;
    }

    private sealed record Hook(Func<DbContext, bool> When, Func<Task> Step);
}
