using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Portico.Tests.Infrastructure;

/// <summary>Records the SQL of every command EF runs for a watched context (an interceptor the factory registers).</summary>
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
