import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Code, Function, Runtime } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { DeliveryIdentityError } from '../../lib/delivery.js';
import { FailureDestination } from '../../lib/failure-destination.js';
import { configWith, synthesize } from './synth-fixture.js';

// Bundling is skipped here (aws:cdk:bundling-stacks = []): these tests are about the template only.

describe('schedules follow the config', () => {
  it('expect a fiscal year starting in February to put quarterly packs on 1 Feb, May, Aug and Nov', () => {
    const { template } = synthesize(configWith({ reporting: { fiscalYearStartMonth: 2 } }));
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 7 1 2,5,8,11 ? *)',
      Target: { Input: '{"cadence":"quarterly","scheduledTime":"<aws.scheduler.scheduled-time>"}' },
    });
  });

  it('expect weeks starting on Sunday to send the weekly pack on Sunday', () => {
    const { template } = synthesize(configWith({ reporting: { weekStart: 'sunday' } }));
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 7 ? * SUN *)',
      Target: { Input: '{"cadence":"weekly","scheduledTime":"<aws.scheduler.scheduled-time>"}' },
    });
  });

  it('expect the configured time zone and hour on every schedule', () => {
    const { template } = synthesize(
      configWith({ reporting: { timeZone: 'Europe/Berlin' }, deploy: { schedules: { ingest: { hour: 3, minute: 30 } } } }),
    );
    template.allResourcesProperties('AWS::Scheduler::Schedule', { ScheduleExpressionTimezone: 'Europe/Berlin' });
    template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'cron(30 3 * * ? *)', Target: { Input: '{"scheduledTime":"<aws.scheduler.scheduled-time>"}' } });
  });

  it('expect a schedule disabled in config to be deployed DISABLED, the others ENABLED', () => {
    const { template } = synthesize(configWith({ deploy: { schedules: { monthly: { enabled: false, hour: 7 } } } }));
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 7 1 * ? *)',
      State: 'DISABLED',
    });
    expect(Object.keys(template.findResources('AWS::Scheduler::Schedule', { Properties: { State: 'ENABLED' } }))).toHaveLength(3);
  });
});

describe('query and retention settings follow the config', () => {
  it('expect athenaBytesScannedCutoffMb 500 as a 524288000-byte cutoff', () => {
    const { template } = synthesize(configWith({ deploy: { athenaBytesScannedCutoffMb: 500 } }));
    template.hasResourceProperties('AWS::Athena::WorkGroup', {
      WorkGroupConfiguration: Match.objectLike({ BytesScannedCutoffPerQuery: 524_288_000 }),
    });
  });

  it('expect the stack name to name the Glue database and the workgroup', () => {
    const { template, stack } = synthesize(configWith({ deploy: { stackName: 'AcmeFunnel' } }));
    expect(stack.stackName).toBe('AcmeFunnel');
    template.hasResourceProperties('AWS::Glue::Database', { DatabaseInput: { Name: 'acme_funnel' } });
    template.hasResourceProperties('AWS::Athena::WorkGroup', { Name: 'acme-funnel' });
  });

  it('expect retention days from config on landing, quarantine and Athena results', () => {
    const { template } = synthesize(configWith({ deploy: { retention: { landingDays: 400, quarantineDays: 60, athenaResultsDays: 2 } } }));
    const rules = JSON.stringify(template.findResources('AWS::S3::Bucket'));
    expect(rules).toContain('"ExpirationInDays":400');
    expect(rules).toContain('"ExpirationInDays":60,"Id":"expire-quarantine","Prefix":"quarantine/"');
    expect(rules).toContain('"ExpirationInDays":2');
  });
});

describe('SES identity and ops email follow the config', () => {
  it('expect a domain identity when deploy.sesIdentity is the sender’s domain, with From still pinned to the sender', () => {
    const { template } = synthesize(configWith({ deploy: { sesIdentity: 'example.com' } }));
    template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'example.com' });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Condition: { StringEquals: { 'ses:FromAddress': 'funnel-review@example.com' } } }),
        ]),
      },
    });
  });

  it('expect a domain the sender is not on to fail with a message naming both', () => {
    expect(() => synthesize(configWith({ deploy: { sesIdentity: 'other.org' } }))).toThrow(
      new DeliveryIdentityError('sender.address "funnel-review@example.com" is not on the SES identity domain "other.org" (deploy.sesIdentity)'),
    );
  });

  it('expect no email subscription when deploy.opsEmail is absent', () => {
    const config = configWith({});
    const { template } = synthesize({ ...config, deploy: { ...config.deploy, opsEmail: undefined } });
    template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('expect an email subscription for deploy.opsEmail', () => {
    const { template } = synthesize(configWith({ deploy: { opsEmail: 'ops@example.com' } }));
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.com' });
  });
});

describe('Slack webhook secrets follow the stack name', () => {
  it('expect the report role to read secrets under AcmeFunnel/slack/ for the stack AcmeFunnel', () => {
    const { template } = synthesize(configWith({ deploy: { stackName: 'AcmeFunnel' } }));
    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(policies).toContain(':secret:AcmeFunnel/slack/*');
    expect(policies).not.toContain(':secret:FunnelReview/slack/');
  });
});

describe('FailureDestination', () => {
  it('expect more retries than Lambda allows to fail with a message saying the limit', () => {
    const stack = new Stack();
    const fn = new Function(stack, 'Fn', { runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: Code.fromInline('export const handler = () => {}') });
    expect(() => new FailureDestination(stack, 'Failures', { function: fn, retryAttempts: 3 })).toThrow(
      "retryAttempts must be 0, 1 or 2 (Lambda's limit for asynchronous invocations), not 3",
    );
  });

  it('expect a given retry count and event age to reach the invoke config', () => {
    const stack = new Stack();
    const fn = new Function(stack, 'Fn', { runtime: Runtime.NODEJS_24_X, handler: 'index.handler', code: Code.fromInline('export const handler = () => {}') });
    new FailureDestination(stack, 'Failures', { function: fn, retryAttempts: 0, maximumEventAge: Duration.hours(1) });
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 3600 });
  });
});
