import { erasedCustomersMigration } from './erasure.migration';

describe('erasedCustomersMigration', () => {
  it('keeps the name each service shipped, which TypeORM records and matches applied migrations by', () => {
    expect(new (erasedCustomersMigration('CreateErasedCustomers1734000000000'))().name).toBe(
      'CreateErasedCustomers1734000000000',
    );
    expect(new (erasedCustomersMigration('CreateErasedCustomers1734000000001'))().name).toBe(
      'CreateErasedCustomers1734000000001',
    );
  });
});
