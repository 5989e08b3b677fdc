// WizardCoder (WizardLM/WizardCoder-*): trained on the Alpaca instruction format.

info(models: ['*wizardcoder*'])

like 'alpaca'
