// GOV.UK Frontend and MOJ Frontend components (a module file: no inline script, see js-enabled.js).
import { initAll } from "../vendor/govuk/govuk-frontend.min.js";
import { initAll as mojInitAll } from "../vendor/moj/moj-frontend.min.js";
initAll(); mojInitAll();
