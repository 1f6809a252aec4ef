namespace Backfill.Tests.Web.Browser.Accessibility;

/// <summary>
/// Script the keyboard test installs in the page: it remembers how every focusable element looks unfocused, so that
/// after a Tab the focused element's focus indicator can be compared with its own unfocused look, and it checks that
/// each stop is on screen and comes after the previous one in the document (before it, going backwards).
/// </summary>
internal static class FocusProbe
{
    public const string Install = """
        () => {
            // The indicator: the element's outline and shadow; for a text field or select, MudBlazor's border around it;
            // for a switch, the ring round its thumb.
            // An outline of style none draws nothing whatever its width (Chrome reports 3px for a focused button's
            // hidden outline), so only a drawn outline counts.
            const outline = node => {
                const s = getComputedStyle(node);
                return s.outlineStyle === 'none' || s.outlineWidth === '0px' ? 'no outline' : `outline ${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`;
            };
            const look = el => {
                const parts = [outline(el), `shadow ${getComputedStyle(el).boxShadow}`];
                const field = el.closest('.mud-input');
                const border = field && field.querySelector('.mud-input-outlined-border');
                if (border) {
                    const s = getComputedStyle(border);
                    parts.push(`border ${s.borderTopWidth} ${s.borderTopColor}`);
                }
                const thumb = el.closest('.mud-switch-base');
                if (thumb) parts.push(outline(thumb));
                return parts.join(', ');
            };
            const unfocused = new WeakMap();
            let previous = null;
            window.focusProbe = {
                remember() {
                    for (const el of document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')) {
                        if (el !== document.activeElement) unfocused.set(el, look(el));
                    }
                },
                ringShown() {
                    const el = document.activeElement;
                    return !!el && el !== document.body && unfocused.has(el) && unfocused.get(el) !== look(el);
                },
                // backwards: the stop must come before the previous one (Shift+Tab).
                stop(backwards) {
                    const el = document.activeElement;
                    const box = el.getBoundingClientRect();
                    const style = getComputedStyle(el);
                    const expected = backwards ? Node.DOCUMENT_POSITION_PRECEDING : Node.DOCUMENT_POSITION_FOLLOWING;
                    const follows = !previous || previous === el || !!(previous.compareDocumentPosition(el) & expected);
                    previous = el;
                    const named = el.closest('[data-testid]');
                    return {
                        TestId: named ? named.getAttribute('data-testid') : '',
                        Element: el.tagName.toLowerCase() + (el.getAttribute('aria-label') ? ` "${el.getAttribute('aria-label')}"` : ` "${(el.textContent || '').trim().slice(0, 40)}"`),
                        Visible: box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && style.opacity !== '0'
                            && box.bottom > 0 && box.right > 0 && box.top < window.innerHeight && box.left < window.innerWidth,
                        Follows: follows,
                        Unfocused: unfocused.get(el) ?? '(not seen unfocused)',
                        Focused: look(el),
                    };
                },
            };
        }
        """;
}
