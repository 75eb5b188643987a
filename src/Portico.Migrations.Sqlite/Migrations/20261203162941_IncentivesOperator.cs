using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portico.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class IncentivesOperator : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "AdjustedAmountMinor",
                table: "EarningDisputes",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Outcome",
                table: "EarningDisputes",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "PreviousAmountMinor",
                table: "EarningDisputes",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ResolutionMessage",
                table: "EarningDisputes",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "FromVendor",
                table: "EarningDisputeComments",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateIndex(
                name: "IX_EarningDisputes_Status_OpenedUtc",
                table: "EarningDisputes",
                columns: new[] { "Status", "OpenedUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_EarningDisputes_Status_OpenedUtc",
                table: "EarningDisputes");

            migrationBuilder.DropColumn(
                name: "AdjustedAmountMinor",
                table: "EarningDisputes");

            migrationBuilder.DropColumn(
                name: "Outcome",
                table: "EarningDisputes");

            migrationBuilder.DropColumn(
                name: "PreviousAmountMinor",
                table: "EarningDisputes");

            migrationBuilder.DropColumn(
                name: "ResolutionMessage",
                table: "EarningDisputes");

            migrationBuilder.DropColumn(
                name: "FromVendor",
                table: "EarningDisputeComments");
        }
    }
}
