namespace Portico.Web.Features.Designations;

/// <summary>The three metrics of a partner capability score, in the order the pages and the API list them.</summary>
public enum DesignationMetric
{
    Performance,
    Skilling,
    CustomerSuccess,
}

/// <summary>How one metric turns counted records into points: <see cref="PointsPerUnit"/> each, at most <see cref="MaxPoints"/>.</summary>
public sealed record MetricRule(DesignationMetric Metric, int PointsPerUnit, int MaxPoints);

/// <summary>One metric of a score: what was counted, the points it gives, and what it still lacks.</summary>
/// <param name="Missing">Points the metric lacks to reach the minimum every metric needs (0 once it has it).</param>
/// <param name="Available">Points the metric can still add before it reaches its maximum.</param>
public sealed record MetricScore(DesignationMetric Metric, int Count, int Points, int MaxPoints, int PointsPerUnit, int Missing, int Available);

/// <param name="MissingPoints">Points the total lacks to reach the passing score (0 once reached).</param>
public sealed record DesignationScore(int Total, int MaxTotal, int PassingScore, bool Met, int MissingPoints, IReadOnlyList<MetricScore> Metrics);

/// <summary>
/// The partner capability score rules (simplified from Partner Center's Solutions Partner designations): a designation
/// is met with at least <see cref="PassingScore"/> of 100 points and at least <see cref="MinimumPerMetric"/> point in
/// every metric. Records count when they fall inside the last <see cref="LookbackMonths"/> months.
/// </summary>
public sealed record ScoringRules(int PassingScore, int MinimumPerMetric, int LookbackMonths, IReadOnlyList<MetricRule> Metrics)
{
    /// <summary>
    /// Performance: 5 points per deal won in the solution area (up to 30); skilling: 8 points per person with an active
    /// certification of the area (up to 40); customer success: 5 points per customer deployment gone live (up to 30).
    /// </summary>
    public static readonly ScoringRules Default = new(70, 1, 12,
    [
        new(DesignationMetric.Performance, 5, 30),
        new(DesignationMetric.Skilling, 8, 40),
        new(DesignationMetric.CustomerSuccess, 5, 30),
    ]);

    public MetricRule Rule(DesignationMetric metric) => Metrics.Single(m => m.Metric == metric);

    /// <summary>The score for the counted records of one solution area.</summary>
    public DesignationScore Score(int wonDeals, int certifiedPeople, int deployments)
    {
        var metrics = Metrics.Select(rule =>
        {
            var count = rule.Metric switch
            {
                DesignationMetric.Performance => wonDeals,
                DesignationMetric.Skilling => certifiedPeople,
                DesignationMetric.CustomerSuccess => deployments,
                _ => throw new ArgumentOutOfRangeException(nameof(rule), rule.Metric, null),
            };
            var points = (int)Math.Min(rule.MaxPoints, (long)Math.Max(count, 0) * rule.PointsPerUnit);
            return new MetricScore(rule.Metric, count, points, rule.MaxPoints, rule.PointsPerUnit,
                Math.Max(MinimumPerMetric - points, 0), rule.MaxPoints - points);
        }).ToList();
        var total = metrics.Sum(m => m.Points);
        var met = total >= PassingScore && metrics.All(m => m.Missing == 0);
        return new DesignationScore(total, Metrics.Sum(m => m.MaxPoints), PassingScore, met, Math.Max(PassingScore - total, 0), metrics);
    }
}
