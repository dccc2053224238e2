// Marks the page as having JavaScript, as GOV.UK Frontend expects (loaded at the top of <body>,
// a file rather than an inline script, so the Content-Security-Policy needs no 'unsafe-inline').
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
