"""The permissions of risk assessment (registered by risk.function)."""

VIEW = "risk.view"  # see scores, criminal history and assessments of visible clients
ASSESS = "risk.assess"  # assess, record history, issue questionnaires
SCORE = "risk.score"  # the what-if calculator and the scoring endpoint (no client data)
IMPORT = "risk.import"  # import Criminal Records Register files
CONFIGURE = "risk.configure"  # instruments and the article table
RESEARCH = "research.pseudonymised"  # the shared research permission: pseudonymised scores and histories
