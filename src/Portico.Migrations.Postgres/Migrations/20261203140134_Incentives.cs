using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portico.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Incentives : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "EarningLines",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Program = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    Lever = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    Period = table.Column<DateOnly>(type: "date", nullable: false),
                    LocationId = table.Column<Guid>(type: "uuid", nullable: true),
                    AmountMinor = table.Column<long>(type: "bigint", nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    PaidOn = table.Column<DateOnly>(type: "date", nullable: true),
                    HoldReason = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    CreatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EarningLines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EarningLines_Locations_LocationId",
                        column: x => x.LocationId,
                        principalTable: "Locations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_EarningLines_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "EarningDisputes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "uuid", nullable: false),
                    EarningLineId = table.Column<Guid>(type: "uuid", nullable: false),
                    Reason = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    OpenedByAccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    OpenedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ClosedByAccountId = table.Column<Guid>(type: "uuid", nullable: true),
                    ClosedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EarningDisputes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EarningDisputes_EarningLines_EarningLineId",
                        column: x => x.EarningLineId,
                        principalTable: "EarningLines",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "EarningDisputeComments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DisputeId = table.Column<Guid>(type: "uuid", nullable: false),
                    AuthorAccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    Body = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EarningDisputeComments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EarningDisputeComments_EarningDisputes_DisputeId",
                        column: x => x.DisputeId,
                        principalTable: "EarningDisputes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_EarningDisputeComments_DisputeId_CreatedUtc",
                table: "EarningDisputeComments",
                columns: new[] { "DisputeId", "CreatedUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_EarningDisputes_EarningLineId",
                table: "EarningDisputes",
                column: "EarningLineId",
                unique: true,
                filter: "\"Status\" = 'Open'");

            migrationBuilder.CreateIndex(
                name: "IX_EarningDisputes_OrganizationId_Status",
                table: "EarningDisputes",
                columns: new[] { "OrganizationId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_EarningLines_LocationId",
                table: "EarningLines",
                column: "LocationId");

            migrationBuilder.CreateIndex(
                name: "IX_EarningLines_OrganizationId_LocationId_Period",
                table: "EarningLines",
                columns: new[] { "OrganizationId", "LocationId", "Period" });

            migrationBuilder.CreateIndex(
                name: "IX_EarningLines_OrganizationId_Period",
                table: "EarningLines",
                columns: new[] { "OrganizationId", "Period" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "EarningDisputeComments");

            migrationBuilder.DropTable(
                name: "EarningDisputes");

            migrationBuilder.DropTable(
                name: "EarningLines");
        }
    }
}
