using System.Diagnostics;
using System.Globalization;

namespace Portico.Bench.Users;

internal sealed record Stats(int Count, double P50, double P95, double Max, double AverageRows)
{
    public static Stats From(List<double> millis, List<int> rows)
    {
        millis.Sort();
        return new Stats(millis.Count, Percentile(millis, 0.50), Percentile(millis, 0.95), millis[^1], rows.Count == 0 ? 0 : rows.Average());
    }

    /// <summary>Nearest-rank percentile of a sorted list.</summary>
    public static double Percentile(List<double> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}

internal static class Measure
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>
    /// Runs <paramref name="action"/> for each repetition (after a warm-up) and times each call; <paramref name="between"/>,
    /// when given, runs untimed before each call.
    /// </summary>
    public static async Task<Stats> TimeAsync(int repetitions, int warmup, Func<int, Task<int>> action, Func<Task>? between = null)
    {
        for (var i = 0; i < warmup; i++)
        {
            await action(i);
        }

        var millis = new List<double>(repetitions);
        var rows = new List<int>(repetitions);
        for (var i = 0; i < repetitions; i++)
        {
            if (between is not null)
            {
                await between();
            }

            var start = Stopwatch.GetTimestamp();
            rows.Add(await action(warmup + i));
            millis.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        return Stats.From(millis, rows);
    }

    public static string Ms(double value) => value.ToString(value < 10 ? "F2" : "F1", Inv);

    public static string Ratio(double naive, double indexed) =>
        indexed <= 0 ? "–" : (naive / indexed).ToString(naive / indexed < 10 ? "F1" : "F0", Inv) + "×";
}
