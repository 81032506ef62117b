-- A "Cancellami" from someone who is not an active subscriber (a pending request, a stranger, an
-- earlier opt-out) changes no subscription, but it is still the person's last word: an older
-- "Iscrivimi" that Meta delivers afterwards must not subscribe them. It is recorded with its own
-- action so that the statistics (consent:OPT_OUT, "opt-outs per day", the alert report) keep
-- counting only real unsubscriptions (lib/subscriptions/handle-inbound-message.ts, overtaken()).
ALTER TYPE "ConsentAction" ADD VALUE 'OPT_OUT_NOT_SUBSCRIBED';
