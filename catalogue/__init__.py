"""Drafting role assessments from open occupation data (O*NET, exposure labels): data in, role files out."""
