import { Stack } from 'aws-cdk-lib';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import {
  ConfigurationSet,
  ConfigurationSetEventDestination,
  ConfigurationSetTlsPolicy,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  Identity,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

export interface DeliveryProps {
  /** The From address of every pack. */
  readonly senderAddress: string;
  /**
   * The SES identity to verify: a domain (`example.com`) or an email address.
   * @default - the sender address
   */
  readonly identity?: string;
  /** Bounces and complaints are published here. */
  readonly opsTopic: ITopic;
}

/** Thrown when the sender could never send as the configured identity. */
export class DeliveryIdentityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeliveryIdentityError';
  }
}

const domainOf = (address: string): string => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

/** The SES side of sending: the identity, a configuration set reporting bounces and complaints, the send grant. */
export class Delivery extends Construct {
  public readonly identityName: string;
  public readonly emailIdentity: EmailIdentity;
  public readonly configurationSet: ConfigurationSet;
  public readonly configurationSetName: string;
  public readonly configurationSetArn: string;
  public readonly senderAddress: string;

  constructor(scope: Construct, id: string, props: DeliveryProps) {
    super(scope, id);
    this.senderAddress = props.senderAddress;
    this.identityName = props.identity ?? props.senderAddress;
    const isAddress = this.identityName.includes('@');
    if (isAddress && this.identityName.toLowerCase() !== props.senderAddress.toLowerCase()) {
      throw new DeliveryIdentityError(
        `deploy.sesIdentity "${this.identityName}" is an email address other than sender.address "${props.senderAddress}": use the sender address or its domain`,
      );
    }
    if (!isAddress && domainOf(props.senderAddress) !== this.identityName.toLowerCase()) {
      throw new DeliveryIdentityError(
        `sender.address "${props.senderAddress}" is not on the SES identity domain "${this.identityName}" (deploy.sesIdentity)`,
      );
    }

    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE,
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.configurationSetName = this.configurationSet.configurationSetName;
    this.configurationSetArn = Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSetName,
    });
    new ConfigurationSetEventDestination(this, 'BouncesAndComplaints', {
      configurationSet: this.configurationSet,
      destination: EventDestination.snsTopic(props.opsTopic),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });

    this.emailIdentity = new EmailIdentity(this, 'Identity', {
      identity: isAddress ? Identity.email(this.identityName) : Identity.domain(this.identityName),
      configurationSet: this.configurationSet,
    });
  }

  /**
   * Send as the configured sender only, through SESv2 `SendEmail` (which authorises raw content
   * too, as `ses:SendEmail`): the identity and configuration set ARNs (SES authorises both), and
   * From must be the sender address.
   */
  public grantSend(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [this.emailIdentity.emailIdentityArn, this.configurationSetArn],
        conditions: { StringEquals: { 'ses:FromAddress': this.senderAddress } },
      }),
    );
  }
}
