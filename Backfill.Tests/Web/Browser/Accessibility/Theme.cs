namespace Backfill.Tests.Web.Browser.Accessibility;

/// <summary>The colour scheme a case runs in: every page is checked in both.</summary>
public enum Theme
{
    Light,
    Dark,
}
