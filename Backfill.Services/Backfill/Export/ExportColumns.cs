using System.Reflection;
using MiniExcelLibs.Attributes;

namespace Backfill.Services.Backfill.Export;

/// <summary>
/// The columns of a row type as MiniExcel writes them: public properties in reflection order, named by their
/// <see cref="ExcelColumnAttribute"/>, without the ignored ones. The CSV writer reads the same list, so both formats
/// have one header.
/// </summary>
internal static class ExportColumns<TRow>
{
    public static IReadOnlyList<(string Name, PropertyInfo Property)> All { get; } =
    [
        .. typeof(TRow).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<ExcelIgnoreAttribute>() is null)
            .Select(p => (p.GetCustomAttribute<ExcelColumnAttribute>()?.Name ?? throw new InvalidOperationException(
                $"{typeof(TRow).Name}.{p.Name} needs an [ExcelColumn(Name = …)]: every export column is named"), p)),
    ];

    public static IReadOnlyList<string> Names { get; } = [.. All.Select(c => c.Name)];
}
