namespace Portico.Web.Features.Designations;

/// <summary>The six solution areas a Solutions Partner designation is earned in (names: <c>SolutionArea.&lt;id&gt;</c> resources).</summary>
public enum SolutionArea
{
    DataAI,
    Infrastructure,
    DigitalAppInnovation,
    BusinessApplications,
    ModernWork,
    Security,
}

/// <summary>A certification the skilling metric counts: its id (as the API spells it), name, exam and solution area.</summary>
/// <remarks>Note: certification names are product names; they read the same in English and Japanese, so they are not resources.</remarks>
public sealed record CertificationDefinition(string Id, string Name, string Exam, SolutionArea SolutionArea);

/// <summary>The solution areas and the small certification catalog of each (code, not a table).</summary>
public static class SolutionAreas
{
    public static readonly IReadOnlyList<SolutionArea> All = Enum.GetValues<SolutionArea>();

    public static readonly IReadOnlyList<CertificationDefinition> Certifications =
    [
        new("azure-ai-engineer", "Azure AI Engineer Associate", "AI-102", SolutionArea.DataAI),
        new("azure-data-scientist", "Azure Data Scientist Associate", "DP-100", SolutionArea.DataAI),
        new("fabric-analytics-engineer", "Fabric Analytics Engineer Associate", "DP-600", SolutionArea.DataAI),
        new("azure-administrator", "Azure Administrator Associate", "AZ-104", SolutionArea.Infrastructure),
        new("azure-solutions-architect", "Azure Solutions Architect Expert", "AZ-305", SolutionArea.Infrastructure),
        new("azure-network-engineer", "Azure Network Engineer Associate", "AZ-700", SolutionArea.Infrastructure),
        new("azure-developer", "Azure Developer Associate", "AZ-204", SolutionArea.DigitalAppInnovation),
        new("devops-engineer", "DevOps Engineer Expert", "AZ-400", SolutionArea.DigitalAppInnovation),
        new("cosmos-db-developer", "Azure Cosmos DB Developer Specialty", "DP-420", SolutionArea.DigitalAppInnovation),
        new("power-platform-developer", "Power Platform Developer Associate", "PL-400", SolutionArea.BusinessApplications),
        new("power-platform-architect", "Power Platform Solution Architect Expert", "PL-600", SolutionArea.BusinessApplications),
        new("dynamics-365-customer-service", "Dynamics 365 Customer Service Functional Consultant Associate", "MB-230", SolutionArea.BusinessApplications),
        new("m365-administrator", "Microsoft 365 Administrator Expert", "MS-102", SolutionArea.ModernWork),
        new("teams-administrator", "Teams Administrator Associate", "MS-700", SolutionArea.ModernWork),
        new("endpoint-administrator", "Endpoint Administrator Associate", "MD-102", SolutionArea.ModernWork),
        new("security-operations-analyst", "Security Operations Analyst Associate", "SC-200", SolutionArea.Security),
        new("identity-access-administrator", "Identity and Access Administrator Associate", "SC-300", SolutionArea.Security),
        new("cybersecurity-architect", "Cybersecurity Architect Expert", "SC-100", SolutionArea.Security),
    ];

    public static readonly IReadOnlyDictionary<string, CertificationDefinition> CertificationById =
        Certifications.ToDictionary(c => c.Id, StringComparer.Ordinal);

    /// <summary>Reads a solution area id exactly as the API spells it (no numbers, no other casing).</summary>
    public static bool TryParse(string? value, out SolutionArea area)
    {
        area = default;
        return value is not null && Enum.GetNames<SolutionArea>().Contains(value, StringComparer.Ordinal) && Enum.TryParse(value, out area);
    }
}
