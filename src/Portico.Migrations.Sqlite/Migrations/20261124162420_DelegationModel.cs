using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portico.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DelegationModel : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DatabaseLeases",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Holder = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    AcquiredUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpiresUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DatabaseLeases", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "DelegatedAdminRelationships",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProviderOrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CustomerOrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Roles = table.Column<string>(type: "TEXT", nullable: false),
                    DurationDays = table.Column<int>(type: "INTEGER", nullable: false),
                    AutoExtend = table.Column<bool>(type: "INTEGER", nullable: false),
                    RequestedByAccountId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RequestExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ApprovedByAccountId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ActivatedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    EndsAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    EndedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    EndedByAccountId = table.Column<Guid>(type: "TEXT", nullable: true),
                    EndedByOrganizationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RemindersSent = table.Column<int>(type: "INTEGER", nullable: false),
                    ExtensionCount = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DelegatedAdminRelationships", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DelegatedAdminRelationships_Organizations_CustomerOrganizationId",
                        column: x => x.CustomerOrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_DelegatedAdminRelationships_Organizations_ProviderOrganizationId",
                        column: x => x.ProviderOrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ResellerRelationships",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProviderOrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ResellerOrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    InvitedByAccountId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DecidedByAccountId = table.Column<Guid>(type: "TEXT", nullable: true),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ResellerRelationships", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ResellerRelationships_Accounts_DecidedByAccountId",
                        column: x => x.DecidedByAccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_ResellerRelationships_Accounts_InvitedByAccountId",
                        column: x => x.InvitedByAccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_ResellerRelationships_Organizations_ProviderOrganizationId",
                        column: x => x.ProviderOrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ResellerRelationships_Organizations_ResellerOrganizationId",
                        column: x => x.ResellerOrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DelegatedAdminAssignments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RelationshipId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Roles = table.Column<string>(type: "TEXT", nullable: false),
                    AssignedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AssignedByAccountId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DelegatedAdminAssignments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DelegatedAdminAssignments_Accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "Accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_DelegatedAdminAssignments_DelegatedAdminRelationships_RelationshipId",
                        column: x => x.RelationshipId,
                        principalTable: "DelegatedAdminRelationships",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DelegatedAdminAssignments_AccountId",
                table: "DelegatedAdminAssignments",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_DelegatedAdminAssignments_RelationshipId_AccountId",
                table: "DelegatedAdminAssignments",
                columns: new[] { "RelationshipId", "AccountId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DelegatedAdminRelationships_CustomerOrganizationId_Status",
                table: "DelegatedAdminRelationships",
                columns: new[] { "CustomerOrganizationId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_DelegatedAdminRelationships_ProviderOrganizationId_Status",
                table: "DelegatedAdminRelationships",
                columns: new[] { "ProviderOrganizationId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_DelegatedAdminRelationships_Status_EndsAt",
                table: "DelegatedAdminRelationships",
                columns: new[] { "Status", "EndsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ResellerRelationships_DecidedByAccountId",
                table: "ResellerRelationships",
                column: "DecidedByAccountId");

            migrationBuilder.CreateIndex(
                name: "IX_ResellerRelationships_InvitedByAccountId",
                table: "ResellerRelationships",
                column: "InvitedByAccountId");

            migrationBuilder.CreateIndex(
                name: "IX_ResellerRelationships_ProviderOrganizationId_ResellerOrganizationId_Status",
                table: "ResellerRelationships",
                columns: new[] { "ProviderOrganizationId", "ResellerOrganizationId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_ResellerRelationships_ResellerOrganizationId_Status",
                table: "ResellerRelationships",
                columns: new[] { "ResellerOrganizationId", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DatabaseLeases");

            migrationBuilder.DropTable(
                name: "DelegatedAdminAssignments");

            migrationBuilder.DropTable(
                name: "ResellerRelationships");

            migrationBuilder.DropTable(
                name: "DelegatedAdminRelationships");
        }
    }
}
