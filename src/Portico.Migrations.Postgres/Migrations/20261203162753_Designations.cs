using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portico.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Designations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SolutionArea",
                table: "Deals",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Certifications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "uuid", nullable: false),
                    AccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    CertificationId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    SolutionArea = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    EarnedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    ExpiresOn = table.Column<DateOnly>(type: "date", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Certifications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Certifications_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Certifications_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CustomerDeployments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "uuid", nullable: false),
                    CustomerName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    SolutionArea = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    GoLiveOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Seats = table.Column<int>(type: "integer", nullable: false),
                    Workloads = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CustomerDeployments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CustomerDeployments_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Designations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "uuid", nullable: false),
                    SolutionArea = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    EarnedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    AnniversaryOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Score = table.Column<int>(type: "integer", nullable: false),
                    AppliedByAccountId = table.Column<Guid>(type: "uuid", nullable: true),
                    AppliedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Designations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Designations_Accounts_AppliedByAccountId",
                        column: x => x.AppliedByAccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_Designations_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Certifications_AccountId",
                table: "Certifications",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_Certifications_OrganizationId_AccountId_CertificationId",
                table: "Certifications",
                columns: new[] { "OrganizationId", "AccountId", "CertificationId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Certifications_OrganizationId_SolutionArea",
                table: "Certifications",
                columns: new[] { "OrganizationId", "SolutionArea" });

            migrationBuilder.CreateIndex(
                name: "IX_CustomerDeployments_OrganizationId_SolutionArea_GoLiveOn",
                table: "CustomerDeployments",
                columns: new[] { "OrganizationId", "SolutionArea", "GoLiveOn" });

            migrationBuilder.CreateIndex(
                name: "IX_Designations_AppliedByAccountId",
                table: "Designations",
                column: "AppliedByAccountId");

            migrationBuilder.CreateIndex(
                name: "IX_Designations_OrganizationId_SolutionArea",
                table: "Designations",
                columns: new[] { "OrganizationId", "SolutionArea" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Certifications");

            migrationBuilder.DropTable(
                name: "CustomerDeployments");

            migrationBuilder.DropTable(
                name: "Designations");

            migrationBuilder.DropColumn(
                name: "SolutionArea",
                table: "Deals");
        }
    }
}
