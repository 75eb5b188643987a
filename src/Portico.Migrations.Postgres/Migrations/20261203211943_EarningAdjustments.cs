using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portico.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class EarningAdjustments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "EarningAdjustments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "uuid", nullable: false),
                    EarningLineId = table.Column<Guid>(type: "uuid", nullable: false),
                    AdjustedByAccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    AdjustedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Reason = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    PreviousAmountMinor = table.Column<long>(type: "bigint", nullable: false),
                    NewAmountMinor = table.Column<long>(type: "bigint", nullable: false),
                    PreviousStatus = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    NewStatus = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EarningAdjustments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EarningAdjustments_EarningLines_EarningLineId",
                        column: x => x.EarningLineId,
                        principalTable: "EarningLines",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_EarningAdjustments_EarningLineId_AdjustedUtc",
                table: "EarningAdjustments",
                columns: new[] { "EarningLineId", "AdjustedUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "EarningAdjustments");
        }
    }
}
