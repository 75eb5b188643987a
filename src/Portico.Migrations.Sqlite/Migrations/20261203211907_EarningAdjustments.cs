using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portico.Migrations.Sqlite.Migrations
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    EarningLineId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AdjustedByAccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AdjustedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    PreviousAmountMinor = table.Column<long>(type: "INTEGER", nullable: false),
                    NewAmountMinor = table.Column<long>(type: "INTEGER", nullable: false),
                    PreviousStatus = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    NewStatus = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false)
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
