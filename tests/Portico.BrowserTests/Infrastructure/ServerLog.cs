using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Portico.BrowserTests.Infrastructure;

/// <summary>One entry the app logged, with the test whose browser made the request (when there was one).</summary>
public sealed record ServerLogEntry(DateTimeOffset At, LogLevel Level, string Category, string Message, Exception? Exception, string? TestId)
{
    public override string ToString() =>
        $"{At:HH:mm:ss.fff} [{Level}] {Category}: {Message}{(Exception is null ? "" : Environment.NewLine + Exception)}";
}

/// <summary>
/// Captures everything the hosted app logs, so a browser test fails when the server logged an error even though the
/// page looked fine (OrchardCore's browser tests do the same with their log file).
/// </summary>
/// <remarks>
/// Note: tests run in parallel against one server, so each browser context sends <see cref="TestHeader"/> and
/// <see cref="TestIdStartupFilter"/> puts it in an async-local for the request; an error outside any request
/// (no test id) is blamed on every test that was running when it was logged.
/// </remarks>
public sealed class ServerLog : ILoggerProvider
{
    public const string TestHeader = "X-Portico-Test";

    private static readonly AsyncLocal<string?> CurrentTestId = new();
    private readonly ConcurrentQueue<ServerLogEntry> entries = new();

    internal static string? CurrentTest
    {
        get => CurrentTestId.Value;
        set => CurrentTestId.Value = value;
    }

    public IReadOnlyList<ServerLogEntry> Entries => [.. entries];

    public IReadOnlyList<ServerLogEntry> ErrorsFor(string testId, DateTimeOffset since) =>
        [.. entries.Where(e => e.Level >= LogLevel.Error && (e.TestId == testId || (e.TestId is null && e.At >= since)))];

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(ServerLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            log.entries.Enqueue(new ServerLogEntry(DateTimeOffset.UtcNow, logLevel, category, formatter(state, exception), exception, CurrentTest));
        }
    }
}

/// <summary>First middleware of the pipeline: tags the request's logs with the test that sent it.</summary>
internal sealed class TestIdStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            ServerLog.CurrentTest = context.Request.Headers[ServerLog.TestHeader].FirstOrDefault();
            await nextMiddleware(context);
        });
        next(app);
    };
}
