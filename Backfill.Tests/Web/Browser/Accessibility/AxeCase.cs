using Microsoft.Playwright;

namespace Backfill.Tests.Web.Browser.Accessibility;

/// <summary>
/// One row of the accessibility table: a page or dialog, the address it starts from, and how to bring it on screen
/// once the page is up in its theme. <paramref name="Dashboard"/> is false for plain server pages (no circuit, no theme
/// toggle: only the browser's colour scheme changes).
/// </summary>
internal sealed record AxeCase(string Name, string Path, Func<IPage, Task> Open, bool Dashboard = true);
