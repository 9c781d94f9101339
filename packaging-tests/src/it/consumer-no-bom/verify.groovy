// See ../../check-versions.groovy (shared by the consumer projects).
evaluate(new File(checkScript))
