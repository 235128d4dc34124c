// Runs before the page paints: tells GOV.UK Frontend's CSS that JavaScript is on
// and that the browser supports ES modules. A file, not inline, so that a strict
// Content Security Policy needs no exception for it.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '')
