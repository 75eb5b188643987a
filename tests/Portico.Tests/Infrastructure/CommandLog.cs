using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Portico.Tests.Infrastructure;

/// <summary>
/// Records the SQL of every command EF runs for a watched context, and can act once between a command's read and what
/// follows (an interceptor the factory registers).
/// </summary>
public sealed class CommandLog : DbCommandInterceptor
{
    private readonly ConcurrentDictionary<DbContext, ConcurrentQueue<string>> watched = new(ReferenceEqualityComparer.Instance);

    /// <summary>Records the commands of <paramref name="context"/> until the result is disposed.</summary>
    public Watch Start(DbContext context)
    {
        var texts = new ConcurrentQueue<string>();
        watched[context] = texts;
        return new Watch(texts, () => watched.TryRemove(context, out _));
    }

    private Pending? pending;

    private Pending? armed;

    private sealed record Pending(Func<string, bool> When, Func<Task> Act);

    /// <summary>
    /// Runs <paramref name="act"/> once, after the first command whose SQL matches <paramref name="when"/> has been read
    /// and before the next command starts: another writer acting between a request's read and its write.
    /// </summary>
    /// <remarks>Note: not while the reader is open; SQLite's rollback journal would make the other writer wait for it.</remarks>
    public void OnceAfterReading(Func<string, bool> when, Func<Task> act) => pending = new Pending(when, act);

    public override ValueTask<DbDataReader> ReaderExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (pending is { } p && p.When(command.CommandText) && Interlocked.CompareExchange(ref pending, null, p) == p)
        {
            armed = p;
        }

        return ValueTask.FromResult(result);
    }

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await ActIfArmedAsync();
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await ActIfArmedAsync();
        return result;
    }

    private async Task ActIfArmedAsync()
    {
        if (Interlocked.Exchange(ref armed, null) is { } p)
        {
            await p.Act();
        }
    }

    public override DbCommand CommandInitialized(CommandEndEventData eventData, DbCommand result)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        ArgumentNullException.ThrowIfNull(result);
        if (eventData.Context is { } context && watched.TryGetValue(context, out var texts))
        {
            texts.Enqueue(result.CommandText);
        }

        return result;
    }

    public sealed class Watch(ConcurrentQueue<string> texts, Action stop) : IDisposable
    {
        public IReadOnlyList<string> Texts => [.. texts];

        public void Dispose() => stop();
    }
}
