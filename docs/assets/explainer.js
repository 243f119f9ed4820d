// explainer
